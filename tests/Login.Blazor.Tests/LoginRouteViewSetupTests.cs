using Bunit;
using Login.Blazor.Tests.App.Pages;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>
/// What LoginRouteView needs from the app, and what it says when it is missing instead of guarding nothing: Login's
/// provider, and authorization services for [Authorize] pages.
/// </summary>
public sealed class LoginRouteViewSetupTests
{
    private sealed class OtherProvider : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(new()));
    }

    [Fact]
    public void LoginRouteView_names_the_provider_that_replaced_Logins()
    {
        using var context = new BunitContext();
        context.Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        context.Services.AddSingleton<BlazorUserDirectory>();
        context.Services.AddLogin();
        context.Services.AddScoped<AuthenticationStateProvider, OtherProvider>();

        var problem = Assert.Throws<InvalidOperationException>(() => context.Render<LoginRouteView>(p =>
            p.Add(v => v.RouteData, new Microsoft.AspNetCore.Components.RouteData(typeof(Guarded), new Dictionary<string, object?>()))));

        Assert.Contains(typeof(OtherProvider).FullName!, problem.Message, StringComparison.Ordinal);
        Assert.Contains("AddLogin() registers Login's", problem.Message, StringComparison.Ordinal);
    }

    private static BunitContext NewContext(bool authorization)
    {
        var context = new BunitContext();
        context.Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        context.Services.AddSingleton<BlazorUserDirectory>();
        context.Services.AddLogin();
        if (authorization)
        {
            context.Services.AddAuthorizationCore();
            context.Services.AddTransient<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
            context.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Microsoft.AspNetCore.Authorization.DefaultAuthorizationPolicyProvider>();
        }
        else
        {
            // AddLogin() added authorization; bUnit registers a placeholder service of its own that throws, where an app
            // gets ASP.NET Core's.
            context.Services.AddTransient<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
        }

        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }

    private static IRenderedComponent<LoginRouteView> Render<TPage>(BunitContext context) => context.Render<LoginRouteView>(p => p
        .Add(v => v.RouteData, new Microsoft.AspNetCore.Components.RouteData(typeof(TPage), new Dictionary<string, object?>()))
        .Add(v => v.NotAuthorized, _ => b => b.AddMarkupContent(0, "<p id=\"not-authorized\">not authorized</p>")));

    [Fact]
    public void An_Authorize_page_is_checked_by_AuthorizeRouteView_when_the_app_has_authorization()
    {
        using var context = NewContext(authorization: true);

        var view = Render<Admin>(context);

        Assert.Empty(view.FindAll("#admin"));
        Assert.Single(view.FindAll("#not-authorized"));
    }

    [Fact]
    public void AddLogin_alone_brings_authorization_so_an_Authorize_page_is_checked_and_a_Login_page_renders()
    {
        // AddLogin() makes Login the default authentication scheme and adds authorization, so LoginRouteView always has
        // AuthorizeRouteView to hand [Authorize] pages to.
        using var context = NewContext(authorization: false);

        var admin = Render<Admin>(context);
        var open = Render<Plain>(context);

        Assert.Empty(admin.FindAll("#admin"));
        Assert.Single(admin.FindAll("#not-authorized"));
        Assert.Single(open.FindAll("#plain"));
    }
}
