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

    [Fact]
    public async Task A_refused_remember_cookie_logs_why()
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the copies below send it
        var remember = browser.Cookies["remember_token"];
        await browser.GetAsync("/logout");

        var ended = app.NewBrowser();
        ended.Cookies["remember_token"] = remember;
        await ended.GetAsync("/secret");
        var tampered = app.NewBrowser();
        tampered.Cookies["remember_token"] = remember[..^4] + "AAAA";
        await tampered.GetAsync("/secret");

        Assert.Contains("Remember cookie ignored: its login ended.", logs.Messages);
        Assert.Contains("Remember cookie ignored: unreadable or expired.", logs.Messages);
        Assert.Single(logs.Messages, m => m == "Remember cookie ignored: its login ended."); // once per request, however often it is read
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
