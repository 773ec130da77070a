using System.Collections.Concurrent;
using Bunit;
using Bunit.TestDoubles;
using Login.Blazor.Tests.App.Pages;
using Login.Components;
using Login.Connections;
using Login.Sessions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>
/// The guard suite for routable components in an interactive circuit (a test renderer; the browser tests show the same
/// in Chromium): every requirement on a page (none, [LoginRequired], [FreshLoginRequired], [LoginRequired] opened by
/// [AllowAnonymous]) × every circuit login (anonymous, logged in, logged in but not fresh, another user, a login that has
/// ended). A page that does not pass is never created (the renderer counts what it creates), and the browser is sent to
/// the login (or refresh) view with the page as next, as the HTTP guard redirects. Static rendering is
/// <see cref="StaticGuardTests"/>.
/// </summary>
/// <remarks>
/// Components are not Map* call sites: no generator weaves them, so there is no woven/unwoven pair to run (the guard
/// suite's other half, Login.RequestDelegateGenerator.Tests, changes nothing for them).
/// </remarks>
public sealed class ComponentGuardMatrixTests : IDisposable
{
    public enum Who { Anonymous, LoggedIn, NotFresh, OtherUser, EndedLogin }

    private const string Here = "/guarded?tab=2";
    private const string Next = "%2Fguarded%3Ftab%3D2";

    private readonly BunitContext _context = new();
    private readonly CreatedComponents _created = new();

    public ComponentGuardMatrixTests()
    {
        _context.Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        _context.Services.AddSingleton<BlazorUserDirectory>();
        _context.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.RefreshView = "/refresh";
        });
        // The real authorization services (AuthorizeView on the pages), not bUnit's placeholders that fail any check.
        _context.Services.AddAuthorizationCore();
        _context.Services.AddTransient<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
        _context.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Microsoft.AspNetCore.Authorization.DefaultAuthorizationPolicyProvider>();
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _context.ComponentFactories.Add(_created);
        Navigation.NavigateTo(Here);
    }

    /// <summary>Creates every component as the renderer would, counting the pages it creates.</summary>
    private sealed class CreatedComponents : IComponentFactory
    {
        public ConcurrentQueue<Type> Pages { get; } = new();

        public bool CanCreate(Type componentType) => true;

        public IComponent Create(Type componentType)
        {
            if (componentType.Namespace == typeof(Guarded).Namespace)
            {
                Pages.Enqueue(componentType);
            }

            return (IComponent)Activator.CreateInstance(componentType)!;
        }
    }

    private BunitNavigationManager Navigation => _context.Services.GetRequiredService<BunitNavigationManager>();

    private LoginAuthenticationStateProvider Provider =>
        (LoginAuthenticationStateProvider)_context.Services.GetRequiredService<AuthenticationStateProvider>();

    public static TheoryData<string, Who> Matrix()
    {
        var data = new TheoryData<string, Who>();
        foreach (var page in new[] { "home", "guarded", "fresh", "open" })
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(page, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_requirement_on_a_page_is_enforced_for_every_circuit_login(string page, Who who)
    {
        var (pageType, selector) = page switch
        {
            "guarded" => (typeof(Guarded), "#guarded"),
            "fresh" => (typeof(Fresh), "#fresh"),
            "open" => (typeof(Open), "#open"),
            _ => (typeof(Home), "h1"),
        };
        OpenCircuit(who);
        var authenticated = who is Who.LoggedIn or Who.NotFresh or Who.OtherUser;
        var fresh = who is Who.LoggedIn or Who.OtherUser;
        string? leavesFor = page switch
        {
            "guarded" when !authenticated => "/login?next=" + Next,
            "fresh" when !authenticated => "/login?next=" + Next,
            "fresh" when !fresh => "/refresh?next=" + Next,
            _ => null,
        };

        var view = _context.Render<LoginRouteView>(p => p.Add(v => v.RouteData, new Microsoft.AspNetCore.Components.RouteData(pageType, new Dictionary<string, object?>())));

        if (leavesFor is null)
        {
            view.WaitForAssertion(() => Assert.Single(view.FindAll(selector)));
            var expected = who switch { Who.LoggedIn or Who.NotFresh => "user 1", Who.OtherUser => "user 2", _ => "anonymous" };
            if (pageType != typeof(Home))
            {
                Assert.Equal(expected, view.Find("#who").TextContent);
            }

            Assert.Equal("http://localhost" + Here, Navigation.Uri); // stays
            Assert.Contains(pageType, _created.Pages);
        }
        else
        {
            view.WaitForAssertion(() => Assert.Equal(leavesFor, Navigation.History.First().Uri));
            Assert.True(Navigation.History.First().Options.ForceLoad); // a full load: the HTTP guard and the login view answer
            Assert.Empty(view.FindAll(selector));
            Assert.DoesNotContain(pageType, _created.Pages); // never created, so nothing of it ever rendered
        }
    }

    [Fact]
    public async Task A_circuit_event_after_the_store_became_unreachable_is_refused_in_place_then_served_when_it_answers_again()
    {
        // Bad input (issue 17): past SessionStoreMaxStaleness a guarded page is refused, as a request is answered 503; the
        // event is still admitted (no exception in the circuit), and the page comes back once the store answers again.
        OpenCircuit(Who.LoggedIn);
        var view = _context.Render<LoginRouteView>(p => p.Add(v => v.RouteData, new Microsoft.AspNetCore.Components.RouteData(typeof(Guarded), new Dictionary<string, object?>())));
        view.WaitForAssertion(() => Assert.Single(view.FindAll("#guarded")));
        var service = _context.Services.GetRequiredService<LoginService>();

        await using (new StaleStore(service))
        {
            Assert.True(await Provider.AdmitAsync()); // the event runs: refusing is the page's answer, not a broken circuit
            view.WaitForAssertion(() => Assert.Single(view.FindAll(".login-store-unavailable")));
            Assert.Empty(view.FindAll("#guarded"));
            var login = await Provider.GetLoginAsync();
            Assert.True(login.StoreUnavailable);
            Assert.False(login.User.IsAuthenticated);
            Assert.Equal("http://localhost" + Here, Navigation.Uri); // refused in place, not sent to log in
        }

        service.Families.Ended.MarkSynced(Environment.TickCount64); // the store answered again
        Assert.True(await Provider.AdmitAsync());
        view.WaitForAssertion(() => Assert.Single(view.FindAll("#guarded")));
        Assert.Equal("user 1", view.Find("#who").TextContent);
    }

    [Fact]
    public async Task The_circuit_s_principal_names_the_login_s_user_type_as_HttpContext_User_does()
    {
        // Policies that tell user types apart (RequireClaim(LoginDefaults.UserTypeClaimType, "admin")) see the same claim
        // in a circuit's AuthorizeView as in a request's [Authorize].
        OpenCircuit(Who.LoggedIn);

        var state = await Provider.GetAuthenticationStateAsync();

        Assert.Equal("BlazorUser", state.User.FindFirst(LoginDefaults.UserTypeClaimType)?.Value);
        Assert.Equal("1", state.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
    }

    private void OpenCircuit(Who who)
    {
        if (who == Who.Anonymous)
        {
            Provider.OpenCircuit(new ConnectionLogin(AnonymousUser.Instance, isFresh: false));
            return;
        }

        var id = who == Who.OtherUser ? 2 : 1;
        var user = new BlazorUser { Id = id };
        var snapshot = new LoginSnapshot(user, id.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.NewGuid(), Stamp: null,
            IsFresh: who != Who.NotFresh, DateTimeOffset.UtcNow.AddDays(1));
        var connection = new ConnectionLogin(snapshot, _context.Services.GetRequiredService<ConnectionLogins>());
        if (who == Who.EndedLogin)
        {
            connection.End("the login ended"); // the circuit's login ended (anywhere) before the page was shown
        }

        Provider.OpenCircuit(connection);
    }

    public void Dispose() => _context.Dispose();
}
