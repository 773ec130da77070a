using Bunit;
using Bunit.TestDoubles;
using Login.Blazor.Tests.App.Pages;
using Login.Components;
using Login.Connections;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>
/// Issue 18 in a circuit: a page with <c>@attribute [LoginRequired&lt;BlazorUser&gt;]</c> shows its not-authorized
/// content (where a request gets 403) to a login of another user type and never leaves for a login view; an anonymous
/// circuit goes to that type's login view (<c>LoginViewFor&lt;BlazorUser&gt;</c>); a page of any type keeps the app's.
/// </summary>
public sealed class UserTypeRouteViewTests : IDisposable
{
    private readonly BunitContext _context = new();

    public UserTypeRouteViewTests()
    {
        _context.Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        _context.Services.AddSingleton<BlazorUserDirectory>();
        _context.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.RefreshView = "/refresh";
            o.LoginViewFor<BlazorUser>("/members/login");
        });
        _context.Services.AddAuthorizationCore();
        _context.Services.AddTransient<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
        _context.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Microsoft.AspNetCore.Authorization.DefaultAuthorizationPolicyProvider>();
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Navigation.NavigateTo("/members-only?tab=2");
    }

    /// <summary>
    /// A logged-in user of another type than <see cref="BlazorUser"/> (this app has one user type, so another type's login
    /// is made by hand, as a request loader of another type would make it).
    /// </summary>
    private sealed class Visitor : IUser
    {
        public string? GetId() => "1"; // the same id as BlazorUser 1: the type tells them apart, never the id

        public bool IsActive => true;

        public bool IsAuthenticated => true;

        public bool IsAnonymous => false;
    }

    private BunitNavigationManager Navigation => _context.Services.GetRequiredService<BunitNavigationManager>();

    private LoginAuthenticationStateProvider Provider =>
        (LoginAuthenticationStateProvider)_context.Services.GetRequiredService<AuthenticationStateProvider>();

    private IRenderedComponent<LoginRouteView> Render<TPage>(RenderFragment<AuthenticationState>? notAuthorized = null) =>
        _context.Render<LoginRouteView>(p =>
        {
            p.Add(v => v.RouteData, new Microsoft.AspNetCore.Components.RouteData(typeof(TPage), new Dictionary<string, object?>()));
            if (notAuthorized is not null)
            {
                p.Add(v => v.NotAuthorized, notAuthorized);
            }
        });

    private void LogIn(IUser user, bool fresh = true) => Provider.OpenCircuit(new ConnectionLogin(user, fresh));

    [Fact]
    public void A_login_of_another_type_sees_the_not_authorized_content_in_place_and_never_the_page()
    {
        LogIn(new Visitor());

        var view = Render<MembersOnly>();

        Assert.Empty(view.FindAll("#members-only"));
        Assert.Single(view.FindAll(".login-wrong-user-type"));
        Assert.DoesNotContain(Navigation.History, h => h.Uri != "/members-only?tab=2"); // stays: no login view brings another person
        Assert.Equal("http://localhost/members-only?tab=2", Navigation.Uri);
    }

    [Fact]
    public void The_apps_NotAuthorized_content_is_shown_to_a_login_of_another_type()
    {
        LogIn(new Visitor());

        var view = Render<MembersOnly>(state => builder =>
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "id", "not-for-you");
            builder.AddContent(2, state.User.Identity?.IsAuthenticated == true ? "logged in, not a member" : "anonymous");
            builder.CloseElement();
        });

        Assert.Empty(view.FindAll("#members-only"));
        Assert.Equal("logged in, not a member", view.Find("#not-for-you").TextContent);
    }

    [Fact]
    public void A_login_of_another_type_is_refused_at_a_fresh_page_without_being_sent_to_refresh()
    {
        LogIn(new Visitor(), fresh: false);

        var view = Render<MembersFresh>();

        Assert.Empty(view.FindAll("#members-fresh"));
        Assert.Single(view.FindAll(".login-wrong-user-type"));
        Assert.DoesNotContain(Navigation.History, h => h.Uri.StartsWith("/refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void A_login_of_the_type_renders_the_page_and_goes_to_refresh_when_stale_at_a_fresh_page()
    {
        LogIn(new BlazorUser { Id = 1 }, fresh: false);

        var view = Render<MembersOnly>();
        Assert.Single(view.FindAll("#members-only"));

        var fresh = Render<MembersFresh>();
        Assert.Empty(fresh.FindAll("#members-fresh"));
        Assert.Equal("/refresh?next=%2Fmembers-only%3Ftab%3D2", Navigation.History.First().Uri);
    }

    [Fact]
    public void Anonymous_goes_to_the_types_login_view_for_a_typed_page_and_to_the_apps_for_any_type()
    {
        var typed = Render<MembersOnly>();
        Assert.Empty(typed.FindAll("#members-only"));
        Assert.Equal("/members/login?next=%2Fmembers-only%3Ftab%3D2", Navigation.History.First().Uri);
        Assert.True(Navigation.History.First().Options.ForceLoad);

        Navigation.NavigateTo("/guarded");
        Render<Guarded>();
        Assert.Equal("/login?next=%2Fguarded", Navigation.History.First().Uri);
    }

    [Fact]
    public void A_login_of_another_type_passes_a_page_of_any_type()
    {
        LogIn(new Visitor());

        var view = Render<Guarded>();

        Assert.Single(view.FindAll("#guarded"));
    }

    public void Dispose() => _context.Dispose();
}
