using Login.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Tests;

/// <summary>
/// A newcomer's mistakes found where they are made (issue 19): at startup rather than as a 500 on every request, and a
/// refused remember cookie says why, as a refused session cookie does.
/// </summary>
public class StartupMistakeTests
{
    [Fact]
    public async Task UseLogin_without_AddLogin_fails_at_startup_saying_what_to_add()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var problem = Assert.Throws<InvalidOperationException>(() => app.UseLogin());

        Assert.Contains("AddLogin() was not called", problem.Message, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddLogin(o => o.LoginView = \"/login\")", problem.Message, StringComparison.Ordinal);
    }

#if !LOGIN_UNWOVEN
    [Fact]
    public async Task A_guarded_handler_mapped_without_AddLogin_fails_at_the_Map_call_saying_what_to_add()
    {
        // Woven: the interceptor checks Login's services as the Map* call runs, at startup. (Unwoven, with the Request
        // Delegate Generator on, the start fails instead: SlimBuilderStartupTests.)
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var problem = Assert.Throws<InvalidOperationException>(() => app.MapGet("/secret", [LoginRequired] () => "secret"));
        var fresh = Assert.Throws<InvalidOperationException>(() => app.MapPost("/settings", [FreshLoginRequired] () => "settings"));

        Assert.Contains("A [LoginRequired] handler is mapped, and AddLogin() was not called", problem.Message, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddLogin(o => o.LoginView = \"/login\")", problem.Message, StringComparison.Ordinal);
        Assert.Contains("A [FreshLoginRequired] handler is mapped", fresh.Message, StringComparison.Ordinal);
    }
#endif

    [Fact]
    public async Task An_app_whose_endpoints_require_a_login_without_AddLogin_does_not_start_and_says_what_to_add()
    {
        // RequireLogin() is metadata, never woven: what every guarded endpoint is with the Request Delegate Generator on.
        // The web host runs the hosting startup the generated code names in the app's assembly (this one). A slim builder
        // (WebApplication.CreateSlimBuilder) runs no hosting startups: the generated code adds the check where the app
        // creates one (SlimBuilderStartupTests).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(StartupMistakeTests).Assembly.GetName().Name });
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/secret", () => "secret").RequireLogin();
        app.MapGet("/open", () => "open");

        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("These endpoints require a login, and AddLogin() was not called", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/secret", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/open", problem.Message, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddLogin(o => o.LoginView = \"/login\")", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosting_startup_check_lets_an_app_with_AddLogin_start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(StartupMistakeTests).Assembly.GetName().Name });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddLogin(o => (o.LoginView, o.UserType) = ("/login", typeof(TestUser)));
        await using var app = builder.Build();
        app.UseLogin();
        app.MapGet("/secret", () => "secret").RequireLogin();

        await app.StartAsync();
        var response = await app.GetTestClient().GetAsync("/secret");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_refused_remember_cookie_logs_why_once_with_its_login_and_never_the_token()
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var cookies = new List<string>();

        // Its login ended (logged out), read twice in one request (restoring, then IsLoginRemembered): said once.
        var (ended, endedLogin) = await RememberedLogin(app, cookies);
        var endedCopy = app.NewBrowser();
        endedCopy.Cookies["remember_token"] = ended;
        await endedCopy.GetAsync("/logout");        // restored there, then logged out: its login ended
        var replay = app.NewBrowser();
        replay.Cookies["remember_token"] = ended;
        await replay.GetAsync("/secret");

        // Tampered with: nothing in it can be trusted, not even its login.
        var tampered = app.NewBrowser();
        tampered.Cookies["remember_token"] = ended[..^4] + "AAAA";
        await tampered.GetAsync("/secret");

        // Replayed after a restore replaced its token (a copy in another browser): the login ends.
        var (stolen, stolenLogin) = await RememberedLogin(app, cookies);
        var owner = app.NewBrowser();
        owner.Cookies["remember_token"] = stolen;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await owner.GetAsync("/secret")).Status); // restored: the token is replaced
        app.Clock.Advance(TimeSpan.FromSeconds(6)); // past RememberTokenReuseGrace (5 s): no longer the same browser racing itself
        var thief = app.NewBrowser();
        thief.Cookies["remember_token"] = stolen;
        await thief.GetAsync("/secret");

        // Its user no longer loads; its user's session stamp changed.
        var (gone, goneLogin) = await RememberedLogin(app, cookies, userId: 5);
        app.Directory.Users.TryRemove(5, out _);
        await Restore(app, gone);
        var (stamped, stampedLogin) = await RememberedLogin(app, cookies);
        app.Directory.Users[1].PasswordHash = "hash-2";
        await Restore(app, stamped);

        // Expired: past the expiry it carries (the session's too).
        var (expired, expiredLogin) = await RememberedLogin(app, cookies, userId: 6);
        app.Clock.Advance(TimeSpan.FromDays(366));
        await Restore(app, expired);

        var refusals = logs.Messages.Where(m => m.StartsWith("Remember cookie ignored: ", StringComparison.Ordinal)).ToList();
        Assert.Single(refusals, $"Remember cookie ignored: its login ended (login {endedLogin}).");
        Assert.Contains("Remember cookie ignored: tampered with or unreadable (another key ring or version) (login unknown).", refusals);
        Assert.Contains($"Remember cookie ignored: replayed: its token had already been replaced, so the login was ended (login {stolenLogin}).", refusals);
        Assert.Contains($"Remember cookie ignored: its user no longer loads (login {goneLogin}).", refusals);
        Assert.Contains($"Remember cookie ignored: the user's session stamp changed (login {stampedLogin}).", refusals);
        Assert.Contains($"Remember cookie ignored: expired (login {expiredLogin}).", refusals);
        Assert.DoesNotContain(logs.Messages, m => cookies.Any(c => m.Contains(c, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_remember_cookie_dropped_by_strong_protection_logs_why_with_its_login()
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Strong,
            services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true", headers: ("User-Agent", "browser A"));
        var login = FamilyIds.ToText(CookiePayloads.Remember(app, browser.Cookies["remember_token"])!.Value.FamilyId);

        await browser.GetAsync("/secret", headers: ("User-Agent", "browser B"));

        Assert.Contains($"Remember cookie ignored: dropped with its session, used from another client (Strong session protection) (login {login}).",
            logs.Messages);
    }

    private static async Task<(string Cookie, string Login)> RememberedLogin(TestApp app, List<string> cookies, int userId = 1)
    {
        app.Directory.Users.TryAdd(userId, new TestUser { Id = userId });
        var browser = app.NewBrowser();
        await browser.GetAsync($"/login/{userId}?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the copies send it
        var cookie = browser.Cookies["remember_token"];
        cookies.Add(cookie);
        return (cookie, FamilyIds.ToText(CookiePayloads.Remember(app, cookie)!.Value.FamilyId));
    }

    private static async Task Restore(TestApp app, string remember)
    {
        var browser = app.NewBrowser();
        browser.Cookies["remember_token"] = remember;
        await browser.GetAsync("/secret");
    }

    [Fact]
    public async Task Another_default_scheme_warns_at_startup_naming_the_guarded_endpoints_that_read_the_user_and_what_to_write()
    {
        var logs = await StartWithDefaultScheme(otherDefault: true);

        var warning = Assert.Single(logs.Messages, m => m.Contains("default authentication scheme", StringComparison.Ordinal));
        Assert.Contains("'Cookies', not Login", warning, StringComparison.Ordinal);
        Assert.Contains("/admin-roles", warning, StringComparison.Ordinal);      // [LoginRequired] + [Authorize(Roles)]
        Assert.Contains("/logout-form", warning, StringComparison.Ordinal);      // [LoginRequired] + antiforgery
        Assert.DoesNotContain("/only-guarded", warning, StringComparison.Ordinal); // reads no HttpContext.User of its own
        Assert.DoesNotContain("/cookie-admin", warning, StringComparison.Ordinal); // names its scheme
        Assert.Contains("AddAuthentication(LoginDefaults.AuthenticationScheme)", warning, StringComparison.Ordinal);
        Assert.Contains("[Authorize(AuthenticationSchemes = LoginDefaults.AuthenticationScheme)]", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_as_the_default_scheme_gives_no_such_warning()
    {
        var logs = await StartWithDefaultScheme(otherDefault: false);

        Assert.DoesNotContain(logs.Messages, m => m.Contains("default authentication scheme", StringComparison.Ordinal));
    }

    private static async Task<LogCollector> StartWithDefaultScheme(bool otherDefault)
    {
        var logs = new LogCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        var authentication = otherDefault ? builder.Services.AddAuthentication("Cookies") : builder.Services.AddAuthentication();
        authentication.AddCookie("Cookies");
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        builder.Services.AddLogin(o => (o.LoginView, o.UserType) = ("/login", typeof(TestUser)));
        await using var app = builder.Build();
        app.UseLogin();
        app.MapGet("/admin-roles", [LoginRequired] [Microsoft.AspNetCore.Authorization.Authorize(Roles = "admin")] () => "admin");
        app.MapPost("/logout-form", [LoginRequired] () => "bye").WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
        app.MapGet("/only-guarded", [LoginRequired] () => "secret");
        app.MapGet("/cookie-admin", [LoginRequired] [Microsoft.AspNetCore.Authorization.Authorize(AuthenticationSchemes = "Cookies")] () => "cookie");
        await app.StartAsync();
        await app.StopAsync();
        return logs;
    }
}
