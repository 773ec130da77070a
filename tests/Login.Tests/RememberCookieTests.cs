using System.Net;
using Login.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>Remember me: the cookie's attributes, restoring a login from it, and its end.</summary>
public class RememberCookieTests
{
    [Fact]
    public async Task Remember_sets_an_encrypted_cookie_for_365_days_by_default()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var login = await browser.GetAsync("/login/1?remember=true");

        var remember = login.Cookie("remember_token");
        Assert.NotNull(remember);
        Assert.True(remember.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, remember.SameSite);
        Assert.Equal("/", remember.Path.Value);
        Assert.Equal(TimeSpan.FromDays(365), remember.MaxAge);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(365), remember.Expires);
    }

    [Fact]
    public async Task Without_remember_no_remember_cookie_is_set()
    {
        await using var app = await TestApp.StartAsync();

        var login = await app.NewBrowser().GetAsync("/login/1");

        Assert.Null(login.Cookie("remember_token"));
    }

    [Fact]
    public async Task The_duration_argument_overrides_the_default()
    {
        await using var app = await TestApp.StartAsync();

        var login = await app.NewBrowser().GetAsync("/login/1?remember=true&days=7");

        Assert.Equal(TimeSpan.FromDays(7), login.Cookie("remember_token")!.MaxAge);
    }

    [Fact]
    public async Task The_remember_cookie_restores_a_non_fresh_login_when_the_session_is_gone()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session"); // the browser was closed

        var restored = await browser.GetAsync("/secret");

        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.Equal("secret of 1", restored.Body);
        Assert.NotNull(restored.Cookie(".Login.Session"));
        Assert.Equal("1 fresh=False", (await browser.GetAsync("/whoami")).Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);
    }

    [Fact]
    public async Task An_expired_remember_cookie_is_refused_even_if_the_browser_still_sends_it()
    {
        // The expiry inside the payload alone: the family stays live (365 days), and the cookie is the real one re-sealed
        // with the same user, family and token, but an expiry one second past. A browser that ignores Expires sends it.
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");
        // The app's own format: it reads the cookie's user type, which re-sealing it keeps.
        var format = app.Services.GetRequiredService<Login.Sessions.LoginService>().RememberFormat;
        Assert.True(format.TryUnprotect(browser.Cookies["remember_token"], app.Clock.GetUtcNow(), out var token));
        var expired = format.Protect(token with { ExpiresAt = app.Clock.GetUtcNow() - TimeSpan.FromSeconds(1) });
        var control = format.Protect(token with { ExpiresAt = app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1) });

        var refused = await WithRememberCookie(app, expired).GetAsync("/secret");
        var restored = await WithRememberCookie(app, control).GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Found, refused.Status);
        Assert.Equal(HttpStatusCode.OK, restored.Status); // the same token one second short of its expiry still restores

        static TestBrowser WithRememberCookie(TestApp app, string cookie)
        {
            var browser = app.NewBrowser();
            browser.Cookies["remember_token"] = cookie;
            return browser;
        }
    }

    [Fact]
    public async Task A_session_cookie_cannot_be_replayed_as_a_remember_cookie()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        browser.Cookies["remember_token"] = browser.Cookies[".Login.Session"];
        browser.Cookies.Remove(".Login.Session");

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Logout_deletes_the_remember_cookie_and_revokes_kept_copies()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var copy = browser.Cookies["remember_token"];

        var logout = await browser.GetAsync("/logout");
        var deleted = logout.Cookie("remember_token");
        Assert.NotNull(deleted);
        Assert.True(deleted.Expires < app.Clock.GetUtcNow());
        Assert.Equal("/", deleted.Path.Value);
        Assert.False(browser.Cookies.ContainsKey("remember_token"));

        browser.Cookies["remember_token"] = copy;
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }
}
