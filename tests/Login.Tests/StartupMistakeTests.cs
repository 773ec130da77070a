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
}
