using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// Logging in and out while the session store is down (issue 21, items 4 and 5): answered 503 with Retry-After, never a
/// 500, and a logout that could not be recorded changes nothing, so it can be retried and then ends the login everywhere.
/// </summary>
public class StoreOutageTests
{
    private static async Task<(TestApp App, SwitchableStore Store)> StartAsync(string environment = "Development", bool exceptionHandler = false)
    {
        var store = new SwitchableStore();
        var app = await TestApp.StartAsync(
            services: s =>
            {
                s.AddSingleton<ILoginSessionStore>(store);
                s.AddProblemDetails();
            },
            map: exceptionHandler
                ? a =>
                {
                    a.UseExceptionHandler("/error"); // an app's error page: a 500 for anything it does not know
                    a.MapGet("/error", () => Results.Problem(statusCode: StatusCodes.Status500InternalServerError));
                }
                : null,
            environment: environment);
        return (app, store);
    }

    [Theory]
    [InlineData("Development", false)] // the developer exception page would show a 500
    [InlineData("Production", false)]  // no handler at all: the server would answer 500
    [InlineData("Production", true)]   // the app's UseExceptionHandler would answer with its error page, 500
    public async Task A_logout_while_the_store_is_down_keeps_the_cookies_answers_503_and_can_be_retried(string environment, bool exceptionHandler)
    {
        var (app, store) = await StartAsync(environment, exceptionHandler);
        await using var _ = app;
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        var sessionCookie = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoginOptions>>().Value.SessionCookie.Name!;
        var copy = new Dictionary<string, string>(browser.Cookies);

        store.Down = true;
        var failed = await browser.GetAsync("/logout");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("5", failed.RetryAfter);
        Assert.Empty(failed.SetCookies); // nothing deleted: the browser can ask again
        Assert.Equal(copy, browser.Cookies);

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/secret")).Status); // the login went on
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/logout")).Status);
        var thief = app.NewBrowser();
        foreach (var (name, value) in copy)
        {
            thief.Cookies[name] = value;
        }

        Assert.Equal(HttpStatusCode.Found, (await thief.GetAsync("/secret")).Status);
        Assert.False(browser.Cookies.ContainsKey(sessionCookie));
    }

    [Theory]
    [InlineData("Development", false)]
    [InlineData("Production", false)]
    [InlineData("Production", true)]
    public async Task A_login_while_the_store_is_down_answers_503_and_logs_nobody_in(string environment, bool exceptionHandler)
    {
        var (app, store) = await StartAsync(environment, exceptionHandler);
        await using var _ = app;
        var browser = app.NewBrowser();

        store.Down = true;
        var failed = await browser.GetAsync("/login/1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("5", failed.RetryAfter);
        Assert.Empty(failed.SetCookies);
        store.Down = false;
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }
}
