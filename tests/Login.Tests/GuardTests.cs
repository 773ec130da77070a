using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Login.Tests;

/// <summary>Guarded endpoints through a real pipeline: who gets in, who is sent where.</summary>
public class GuardTests
{
    [Fact]
    public async Task Anonymous_request_is_redirected_to_the_login_view_with_next()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.NewBrowser().GetAsync("/secret?tab=a b&x=1");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret%3Ftab%3Da%2520b%26x%3D1", response.Location);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task Anonymous_request_gets_401_when_no_login_view_is_set()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = null);
        var response = await app.NewBrowser().GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Null(response.Location);
    }

    [Fact]
    public async Task Logged_in_user_reaches_the_handler_and_is_bound_as_its_parameter()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var login = await browser.GetAsync("/login/1");
        var session = login.Cookie(".Login.Session");
        Assert.NotNull(session);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, session.SameSite);
        Assert.Equal("/", session.Path.Value);
        Assert.Null(session.Expires); // a browser-session cookie
        Assert.False(session.Secure); // plain http in this test; SameAsRequest makes it Secure over https

        var response = await browser.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("secret of 1", response.Body);
    }

    [Fact]
    public async Task Guard_and_parameter_binding_load_the_user_once_per_request()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var before = app.Directory.Loads;

        await browser.GetAsync("/secret");

        Assert.Equal(1, app.Directory.Loads - before);
    }

    [Theory]
    [InlineData("/secret")]
    [InlineData("/delegate")]
    [InlineData("/vault/gold")]
    [InlineData("/admin/panel")]
    public async Task Each_guard_runs_once_and_the_user_loads_once_per_request(string path)
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        logs.Messages.Clear();
        var loads = app.Directory.Loads;

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Single(logs.Messages, m => m.StartsWith("Guard passed", StringComparison.Ordinal));
        Assert.Equal(1, app.Directory.Loads - loads);
    }

    [Fact]
    public async Task A_handler_passed_as_a_Delegate_variable_is_guarded_by_the_middleware()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var anonymous = await browser.GetAsync("/delegate");
        Assert.Equal(HttpStatusCode.Found, anonymous.Status);
        Assert.Equal("/login?next=%2Fdelegate", anonymous.Location);

        await browser.GetAsync("/login/1");
        var before = app.Directory.Loads;
        var loggedIn = await browser.GetAsync("/delegate");
        Assert.Equal("delegate secret of 1", loggedIn.Body);
        Assert.Equal(1, app.Directory.Loads - before);
    }

    [Fact]
    public async Task A_woven_guard_holds_even_without_the_middleware()
    {
        await using var app = await TestApp.StartAsync(useLogin: false, mapUnwoven: false);
        var response = await app.NewBrowser().GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret", response.Location);
    }

    [Theory]
    [InlineData("/delegate")]
    [InlineData("/admin/panel")]
    [InlineData("/vault/gold")]
    public async Task Endpoints_guarded_at_run_time_hold_without_UseLogin_and_with_routing_after_it(string path)
    {
        await using var without = await TestApp.StartAsync(useLogin: false);
        await using var routingAfter = await TestApp.StartAsync(routingAfterLogin: true);

        Assert.Equal(HttpStatusCode.Found, (await without.NewBrowser().GetAsync(path)).Status);
        Assert.Equal(HttpStatusCode.Found, (await routingAfter.NewBrowser().GetAsync(path)).Status);
    }

    [Fact]
    public async Task A_guarded_endpoint_routing_cannot_guard_stops_the_app_at_startup_without_UseLogin_and_is_guarded_with_it()
    {
        // Not a route endpoint: only a middleware can guard it, when something other than routing chooses it.
        var plain = new Microsoft.AspNetCore.Http.Endpoint(http => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(http.Response, "plain"), new Microsoft.AspNetCore.Http.EndpointMetadataCollection(new LoginRequiredAttribute()), "plain guarded endpoint");
        void AddPlain(WebApplication app) => ((IEndpointRouteBuilder)app).DataSources.Add(new DefaultEndpointDataSource(plain));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(useLogin: false, mapUnwoven: false, map: AddPlain));
        // With UseLogin it starts, and the middleware is what guards it: a first middleware chooses it for /plain, as a
        // custom matcher would, and routing then leaves the choice alone.
        await using var withUseLogin = await TestApp.StartAsync(mapUnwoven: false, map: AddPlain,
            services: s => s.AddSingleton<IStartupFilter>(new ChooseEndpointFirst("/plain", plain)));
        var browser = withUseLogin.NewBrowser();

        Assert.Contains("app.UseLogin() was not called", error.Message);
        Assert.Contains("plain guarded endpoint", error.Message);
        var anonymous = await browser.GetAsync("/plain");
        Assert.Equal(HttpStatusCode.Found, anonymous.Status);
        Assert.Equal("/login?next=%2Fplain", anonymous.Location);
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        Assert.Equal("plain", (await browser.GetAsync("/plain")).Body);
    }

    /// <summary>Sets the endpoint for one path before routing runs, as something other than routing would.</summary>
    private sealed class ChooseEndpointFirst(string path, Microsoft.AspNetCore.Http.Endpoint endpoint) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Path == path)
                {
                    Microsoft.AspNetCore.Http.EndpointHttpContextExtensions.SetEndpoint(context, endpoint);
                }

                return following(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Route_groups_are_guarded_with_their_own_login_view()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        Assert.Equal("/admin/login?next=%2Fadmin%2Fpanel", (await browser.GetAsync("/admin/panel")).Location);
        Assert.Equal("open to all", (await browser.GetAsync("/admin/open")).Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/data")).Status);

        await browser.GetAsync("/login/1");
        Assert.Equal("admin panel", (await browser.GetAsync("/admin/panel")).Body);
        Assert.Equal("data", (await browser.GetAsync("/api/data")).Body);
    }

    [Fact]
    public async Task A_woven_handler_in_a_fresh_only_group_needs_a_fresh_login()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/vault/gold")).Status);

        await browser.GetAsync("/login/1");
        Assert.Equal("gold", (await browser.GetAsync("/vault/gold")).Body);
    }

    [Fact]
    public async Task Inactive_user_is_refused_unless_forced_and_never_passes_a_guard()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var refused = await browser.GetAsync("/login/2");
        Assert.Equal("refused", refused.Body);
        Assert.Null(refused.Cookie(".Login.Session"));

        var forced = await browser.GetAsync("/login/2?force=true");
        Assert.Equal("logged in", forced.Body);
        Assert.NotNull(forced.Cookie(".Login.Session"));
        Assert.Equal("2 fresh=True", (await browser.GetAsync("/whoami")).Body);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status); // IsAuthenticated is IsActive
    }

    [Fact]
    public async Task LoginDisabled_turns_guards_off()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginDisabled = true);
        var response = await app.NewBrowser().GetAsync("/options-too");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("passed", response.Body);
    }

    [Fact]
    public async Task Exempt_methods_are_answered_by_the_guard_and_never_reach_the_handler()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var anonymous = await browser.GetAsync("/options-too", HttpMethod.Options);
        Assert.Equal(HttpStatusCode.NoContent, anonymous.Status);
        Assert.Equal("", anonymous.Body);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/options-too")).Status);

        await browser.GetAsync("/login/1");
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync("/options-too", HttpMethod.Options)).Status);
        Assert.Equal("passed", (await browser.GetAsync("/options-too")).Body);
    }

    [Fact]
    public async Task A_method_made_exempt_by_the_app_is_answered_too()
    {
        await using var app = await TestApp.StartAsync(o => o.ExemptMethods.Add("POST"));

        var response = await app.NewBrowser().GetAsync("/shapes/post", HttpMethod.Post);

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task Fresh_login_required_sends_stale_logins_to_the_refresh_view()
    {
        await using var app = await TestApp.StartAsync(o => o.RefreshView = "/reauthenticate");
        var browser = app.NewBrowser();

        Assert.Equal("/login?next=%2Ffresh", (await browser.GetAsync("/fresh")).Location);

        await browser.GetAsync("/login/1?fresh=false");
        var stale = await browser.GetAsync("/fresh");
        Assert.Equal(HttpStatusCode.Found, stale.Status);
        Assert.Equal("/reauthenticate?next=%2Ffresh", stale.Location);

        await browser.GetAsync("/login/1");
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
    }
}
