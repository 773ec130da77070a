using System.Net;
using Login.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>Fresh, remembered, confirmed, protected, idle: the login's state across requests, with its events.</summary>
public class LoginStateTests
{
    [Fact]
    public async Task A_request_that_changes_nothing_writes_no_cookie()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        var response = await browser.GetAsync("/secret");

        Assert.Equal("secret of 1", response.Body);
        Assert.Empty(response.SetCookies);
    }

    [Fact]
    public async Task Events_fire_when_and_as_often_as_Flask_Login_sends_its_signals()
    {
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o => events.Attach(o));
        var browser = app.NewBrowser();

        await browser.GetAsync("/login/1?remember=true");

        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        // Login is the default authentication scheme: it asks for the user on every request a loader could answer (this
        // app has a request loader), before the handler logs in.
        Assert.Equal(["accessed", "logged-in:1"], events.Fired);

        events.Clear();
        await browser.GetAsync("/secret");
        Assert.Equal(["accessed"], events.Fired); // once per request, however often the user is asked for

        events.Clear();
        browser.Cookies.Remove(".Login.Session");
        await browser.GetAsync("/secret");
        Assert.Equal(["accessed", "loaded-from-cookie:1"], events.Fired);

        events.Clear();
        await browser.GetAsync("/confirm");
        Assert.Equal(["accessed", "login-confirmed"], events.Fired); // confirming loads the user: only a login it serves is confirmed

        events.Clear();
        await browser.GetAsync("/logout");
        Assert.Equal(["accessed", "logged-out:1"], events.Fired);

        events.Clear();
        await browser.GetAsync("/secret");
        Assert.Equal(["accessed", "unauthorized"], events.Fired);

        events.Clear();
        await app.NewBrowser().GetAsync("/secret?api_key=user-1");
        Assert.Equal(["accessed", "loaded-from-request:1"], events.Fired);

        events.Clear();
        await app.NewBrowser().GetAsync("/secret", null, ("Authorization", "Bearer user-1"));
        Assert.Equal(["accessed", "loaded-from-request:1"], events.Fired);
    }

    [Fact]
    public async Task ConfirmLoginAsync_makes_a_restored_login_fresh_in_the_same_login_family()
    {
        // Deliberately the same family: a copy of the stale cookie is still this login's, and ends with it.
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var family = CookiePayloads.Remember(app, browser.Cookies["remember_token"])!.Value.FamilyId;
        browser.Cookies.Remove(".Login.Session");
        await browser.GetAsync("/secret");
        var restored = CookiePayloads.Session(app, browser.Cookies[".Login.Session"]);
        Assert.NotNull(restored);
        Assert.False(restored.Fresh);
        Assert.Equal(family, restored.SessionId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);

        Assert.Equal("confirmed", (await browser.GetAsync("/confirm")).Body);

        var confirmed = CookiePayloads.Session(app, browser.Cookies[".Login.Session"]);
        Assert.NotNull(confirmed);
        Assert.True(confirmed.Fresh);
        Assert.Equal("1", confirmed.UserId);
        Assert.Equal(family, confirmed.SessionId);
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
    }

    [Fact]
    public async Task IsLoginRemembered_is_true_only_with_a_valid_remember_cookie_not_being_cleared()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("not remembered", (await browser.GetAsync("/remembered")).Body);

        await browser.GetAsync("/login/1?remember=true");

        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        Assert.Equal("remembered", (await browser.GetAsync("/remembered")).Body);

        browser.Cookies["remember_token"] = "garbage";
        Assert.Equal("not remembered", (await browser.GetAsync("/remembered")).Body);
    }

    [Fact]
    public async Task Basic_protection_marks_a_session_used_from_another_client_non_fresh()
    {
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o => events.Attach(o));
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        await browser.GetAsync("/login/1");

        browser.Headers["User-Agent"] = "Browser B";
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);
        Assert.Equal(2, events.Count("session-protected"));

        browser.Headers["User-Agent"] = "Browser A";
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status); // freshness does not come back
    }

    [Fact]
    public async Task Strong_protection_drops_the_session_and_the_remember_cookie()
    {
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o =>
        {
            o.SessionProtection = SessionProtection.Strong;
            events.Attach(o);
        });
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        browser.Headers["User-Agent"] = "Browser B";
        var response = await browser.GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.True(response.Cookie("remember_token")!.Expires < app.Clock.GetUtcNow());
        // The session cookie is deleted, or rewritten without the login (only what is not the login's may stay).
        var session = response.Cookie(".Login.Session");
        Assert.NotNull(session);
        if (!(session.Expires < app.Clock.GetUtcNow()))
        {
            var left = CookiePayloads.Session(app, session.Value.Value);
            Assert.NotNull(left);
            Assert.Null(left.UserId);
            Assert.False(left.Fresh);
            Assert.False(left.Remember);
        }

        Assert.False(browser.Cookies.TryGetValue(".Login.Session", out var kept) && CookiePayloads.Session(app, kept)?.UserId is not null);
        Assert.Equal(1, events.Count("session-protected"));
        Assert.Equal(0, events.Count("loaded-from-cookie"));
        Assert.False(browser.Cookies.ContainsKey("remember_token"));
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Basic_protection_marks_a_session_used_from_another_remote_address_non_fresh()
    {
        // Same User-Agent, another address: the half of the client identifier the User-Agent tests leave alone.
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o => events.Attach(o),
            services: s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        browser.Headers[RemoteAddressFromHeader.Header] = "203.0.113.10";
        await browser.GetAsync("/login/1");
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
        Assert.Equal(0, events.Count("session-protected"));

        browser.Headers[RemoteAddressFromHeader.Header] = "198.51.100.20";

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal(2, events.Count("session-protected"));
        Assert.False(CookiePayloads.Session(app, browser.Cookies[".Login.Session"])!.Fresh);
    }

    [Fact]
    public async Task Strong_protection_drops_a_session_used_from_another_remote_address()
    {
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o =>
            {
                o.SessionProtection = SessionProtection.Strong;
                events.Attach(o);
            },
            services: s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        browser.Headers[RemoteAddressFromHeader.Header] = "2001:db8::1";
        await browser.GetAsync("/login/1?remember=true");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        browser.Headers[RemoteAddressFromHeader.Header] = "2001:db8::2";
        var response = await browser.GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal(1, events.Count("session-protected"));
        Assert.True(response.Cookie("remember_token")!.Expires < app.Clock.GetUtcNow());
        Assert.False(browser.Cookies.TryGetValue(".Login.Session", out var kept) && CookiePayloads.Session(app, kept)?.UserId is not null);
        browser.Headers[RemoteAddressFromHeader.Header] = "2001:db8::1"; // back at the first address: the login is gone
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Strong_protection_keeps_a_login_restored_from_the_remember_cookie()
    {
        // Flask-Login #248/#685: the restored session had no identifier and was thrown away on the next request.
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Strong);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");

        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task Session_protection_ignores_a_raw_X_Forwarded_For()
    {
        // Flask-Login #700: the address is the connection's, never a header the client chooses.
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Strong);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        browser.Headers["X-Forwarded-For"] = "203.0.113.7";

        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task No_session_protection_lets_a_session_move()
    {
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.None);
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        await browser.GetAsync("/login/1");

        browser.Headers["User-Agent"] = "Browser B";

        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
    }

    [Fact]
    public async Task Refresh_each_request_renews_an_existing_remember_cookie_only()
    {
        await using var app = await TestApp.StartAsync(o => o.RememberCookieRefreshEachRequest = true);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true&days=30");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        app.Clock.Advance(TimeSpan.FromDays(10));
        var renewed = (await browser.GetAsync("/secret")).Cookie("remember_token");
        Assert.NotNull(renewed);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(30), renewed.Expires);

        // Flask-Login #424: a login that did not ask to be remembered never gets a remember cookie.
        var other = app.NewBrowser();
        await other.GetAsync("/login/1");
        Assert.Null((await other.GetAsync("/secret")).Cookie("remember_token"));
    }

    [Fact]
    public async Task Without_refresh_each_request_the_remember_cookie_is_left_alone()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        Assert.Null((await browser.GetAsync("/secret")).Cookie("remember_token"));
    }

    [Fact]
    public async Task An_idle_session_ends_and_a_used_one_does_not()
    {
        await using var app = await TestApp.StartAsync(o => o.IdleTimeout = TimeSpan.FromMinutes(30));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var touched = await browser.GetAsync("/secret");
        Assert.Equal("secret of 1", touched.Body);
        Assert.NotNull(touched.Cookie(".Login.Session")); // past half the timeout: the last-seen time moves

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Logout_keeps_the_applications_flashed_messages()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        await browser.GetAsync("/flash?m=Goodbye");

        await browser.GetAsync("/logout");

        Assert.Equal("info:Goodbye", (await browser.GetAsync("/flashes")).Body);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task The_remember_cookie_is_deleted_with_the_attributes_it_was_set_with()
    {
        // Flask-Login #683: a deletion with another path or domain leaves the original cookie in the browser.
        await using var app = await TestApp.StartAsync(o =>
        {
            o.RememberCookie.Path = "/";
            o.RememberCookie.Domain = "localhost";
            o.RememberCookie.SameSite = SameSiteMode.Strict;
            o.RememberCookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        var browser = app.NewBrowser();
        var set = (await browser.GetAsync("/login/1?remember=true")).Cookie("remember_token")!;

        var deleted = (await browser.GetAsync("/logout")).Cookie("remember_token")!;

        Assert.True(deleted.Expires < app.Clock.GetUtcNow());
        Assert.Equal(set.Path, deleted.Path);
        Assert.Equal(set.Domain, deleted.Domain);
        Assert.Equal(set.Secure, deleted.Secure);
        Assert.Equal(set.SameSite, deleted.SameSite);
        Assert.True(set.Secure);
    }

    [Theory]
    [InlineData(true, "fresh secret of 1")]
    [InlineData(false, null)]
    public async Task The_test_client_logs_a_user_in_fresh_or_not(bool fresh, string? freshBody)
    {
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Strong);
        var client = app.NewHttpClient().LoginAs(app.Services, new TestUser { Id = 1 }, fresh);

        Assert.Equal("secret of 1", await client.GetStringAsync("/secret"));
        var freshResponse = await client.GetAsync("/fresh");
        if (freshBody is null)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, freshResponse.StatusCode);
        }
        else
        {
            Assert.Equal(freshBody, await freshResponse.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_test_client_login_is_a_login_like_any_other_listed_and_ended_by_logout()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.NewHttpClient().LoginAs(app.Services, new TestUser { Id = 1 });

        Assert.EndsWith(":1:current", await client.GetStringAsync("/sessions"));
        await client.GetAsync("/logout");

        var copy = await client.GetAsync("/secret"); // the client keeps sending the same cookie: a copy after logout
        Assert.Equal(HttpStatusCode.Found, copy.StatusCode);
    }
}
