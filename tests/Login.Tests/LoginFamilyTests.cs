using System.Net;
using Login.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Tests;

/// <summary>
/// Logins that end everywhere (issue 11): every cookie of a login belongs to its login family, through confirmation,
/// re-login and remember restores, and ending the family ends every copy. One instance, in-memory store; the
/// instance-to-instance and restart cases run on SQLite and PostgreSQL in Login.Stores.Tests.
/// </summary>
public class LoginFamilyTests
{
    private const string Session = ".Login.Session";
    private const string Remember = "remember_token";

    private static TestBrowser Copy(TestApp app, TestBrowser of, params string[] names)
    {
        var copy = app.NewBrowser();
        foreach (var (name, value) in of.Cookies)
        {
            if (names.Length == 0 || names.Contains(name))
            {
                copy.Cookies[name] = value;
            }
        }

        return copy;
    }

    private static async Task AssertAnonymousAsync(TestBrowser browser)
    {
        var response = await browser.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, response.Status);
    }

    [Fact]
    public async Task A_copy_taken_before_ConfirmLogin_is_refused_after_logout()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");
        var stale = Copy(app, browser);

        await browser.GetAsync("/confirm");
        Assert.Equal("secret of 1", (await stale.GetAsync("/secret")).Body); // the same login, still live
        await browser.GetAsync("/logout");

        await AssertAnonymousAsync(stale);
    }

    [Fact]
    public async Task A_copy_taken_before_a_second_login_in_the_same_browser_is_refused_from_then_on()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var before = Copy(app, browser);
        var beforeRememberOnly = Copy(app, browser, Remember);

        await browser.GetAsync("/login/1");

        await AssertAnonymousAsync(before);
        await AssertAnonymousAsync(beforeRememberOnly);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        await browser.GetAsync("/logout");
        await AssertAnonymousAsync(browser);
    }

    [Fact]
    public async Task Every_cookie_of_a_login_restored_from_the_remember_cookie_is_refused_after_logout()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var originalRemember = Copy(app, browser, Remember);
        browser.Cookies.Remove(Session); // the browser was closed
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        var restoredSession = Copy(app, browser, Session);
        var rotatedRemember = Copy(app, browser, Remember);

        await Copy(app, browser, Session).GetAsync("/logout"); // logging out with the session cookie alone

        await AssertAnonymousAsync(restoredSession);
        await AssertAnonymousAsync(rotatedRemember);
        await AssertAnonymousAsync(originalRemember);
    }

    [Theory]
    [InlineData(365)] // a restore on day 364 of a 365-day remember cookie: its new session cookie outlives the family's record
    [InlineData(1)]   // a remember duration shorter than SessionLifetime (31 days)
    public async Task A_session_restored_just_before_the_logout_stays_refused_after_the_familys_recorded_expiry(int rememberDays)
    {
        // Issue 21, item 2: the store's catch-up replaced this instance's cautious bound with the family's recorded expiry,
        // which the restore's new session cookie outlives (the recorded expiry catches up in batches, skipped once the
        // family ended); once it passed, the ending was swept and the logged-out session cookie worked again.
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync($"/login/1?remember=true&days={rememberDays}");
        Assert.True(browser.Cookies.ContainsKey(Remember)); // kept by the jar, so the restore below uses it
        app.Clock.Advance(TimeSpan.FromDays(rememberDays) - TimeSpan.FromHours(1));
        browser.Cookies.Remove(Session);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/secret")).Status); // restored: a new session cookie
        var copy = Copy(app, browser, Session);
        await browser.GetAsync("/logout");
        var families = app.Services.GetRequiredService<LoginService>().Families;
        await WaitForCatchUpAsync(families); // the store's own expiry has replaced the cautious one

        app.Clock.Advance(TimeSpan.FromDays(2));
        families.Ended.Sweep();

        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
    }

    private static async Task WaitForCatchUpAsync(LoginFamilies families)
    {
        // The in-memory store's watcher hears the ending at once and the sync's next catch-up (on its poll, within a
        // second) records the store's expiry: wait for a catch-up that began after the logout.
        var loggedOutAt = Environment.TickCount64;
        for (var i = 0; i < 600 && !(families.Ended.SyncedAgo is { } ago && Environment.TickCount64 - (long)ago.TotalMilliseconds > loggedOutAt); i++)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_restore_replaces_the_remember_token_and_an_old_token_used_later_ends_the_login_everywhere()
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var stolen = Copy(app, browser, Remember);
        browser.Cookies.Remove(Session);

        var restore = await browser.GetAsync("/secret");
        Assert.NotNull(restore.Cookie(Remember)); // a new token for the browser
        Assert.NotEqual(stolen.Cookies[Remember], browser.Cookies[Remember]);

        app.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace
        await AssertAnonymousAsync(stolen);

        // The owner's browser, session and rotated remember cookie alike, is logged out too: the family ended.
        await AssertAnonymousAsync(browser);
        Assert.Contains(logs.Messages, m => m.Contains("was used again after it had been replaced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parallel_requests_with_the_same_remember_cookie_within_the_grace_window_all_restore()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(Session);
        var first = Copy(app, browser, Remember);
        var second = Copy(app, browser, Remember);

        Assert.Equal("secret of 1", (await first.GetAsync("/secret")).Body);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("secret of 1", (await second.GetAsync("/secret")).Body);

        // Both were handed the same current token: later restores from either still work.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        first.Cookies.Remove(Session);
        second.Cookies.Remove(Session);
        Assert.Equal("secret of 1", (await first.GetAsync("/secret")).Body);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("secret of 1", (await second.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task Restoring_and_logging_out_in_a_loop_stops_after_the_first_logout_and_keeps_memory_flat()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var remember = Copy(app, browser, Remember);
        var families = app.Services.GetRequiredService<LoginService>().Families.Ended;

        for (var i = 0; i < 200; i++)
        {
            var attacker = Copy(app, remember, Remember);
            await attacker.GetAsync("/secret"); // restore (refused from the second round on)
            await Copy(app, attacker, Session).GetAsync("/logout");
        }

        await AssertAnonymousAsync(Copy(app, remember, Remember));
        Assert.True(families.Count <= 2, $"{families.Count} ended families kept for one login");
    }

    [Fact]
    public async Task The_user_sees_their_logins_ends_another_device_and_cannot_end_someone_elses()
    {
        await using var app = await TestApp.StartAsync();
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var laptop = app.NewBrowser();
        var phone = app.NewBrowser();
        var stranger = app.NewBrowser();
        await laptop.GetAsync("/login/1");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await phone.GetAsync("/login/1");
        await stranger.GetAsync("/login/3");

        var body = (await laptop.GetAsync("/sessions")).Body;
        var listed = body.Split('|');
        Assert.True(listed.Length == 2, body);
        Assert.EndsWith(":1:other", listed[0]); // newest first: the phone
        Assert.EndsWith(":1:current", listed[1]);
        var phoneId = listed[0].Split(':')[0];
        var strangerId = (await stranger.GetAsync("/sessions")).Body.Split(':')[0];

        Assert.Equal("not ended", (await laptop.GetAsync($"/sessions/end/{strangerId}")).Body);
        Assert.Equal("ended", (await laptop.GetAsync($"/sessions/end/{phoneId}")).Body);

        await AssertAnonymousAsync(phone);
        Assert.Equal("secret of 3", (await stranger.GetAsync("/secret")).Body);
        Assert.Equal("secret of 1", (await laptop.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task Logging_out_everywhere_else_keeps_this_login_and_everywhere_ends_it_too()
    {
        await using var app = await TestApp.StartAsync();
        var laptop = app.NewBrowser();
        var phone = app.NewBrowser();
        var tablet = app.NewBrowser();
        await laptop.GetAsync("/login/1");
        await phone.GetAsync("/login/1?remember=true");
        Assert.True(phone.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        await tablet.GetAsync("/login/1");

        Assert.Equal("ended 2", (await laptop.GetAsync("/logout-everywhere?keep=true")).Body);
        await AssertAnonymousAsync(phone);
        await AssertAnonymousAsync(Copy(app, phone, Remember));
        await AssertAnonymousAsync(tablet);
        Assert.Equal("secret of 1", (await laptop.GetAsync("/secret")).Body);

        await phone.GetAsync("/login/1");
        Assert.Equal("ended 2", (await laptop.GetAsync("/logout-everywhere")).Body);
        await AssertAnonymousAsync(laptop);
        await AssertAnonymousAsync(phone);
    }

    [Fact]
    public async Task An_anonymous_request_has_no_logins_to_list_or_end()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        Assert.Equal("", (await browser.GetAsync("/sessions")).Body);
        Assert.Equal("ended 0", (await browser.GetAsync("/logout-everywhere")).Body);
        Assert.Equal("not ended", (await browser.GetAsync("/sessions/end/AAAAAAAAAAAAAAAAAAAAAA")).Body);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Staging", true)]
    [InlineData("Development", false)]
    public async Task Without_a_store_the_app_warns_at_startup_outside_Development(string environment, bool warns)
    {
        var logs = new LogCollector();
        await using var app = await TestApp.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs)), environment: environment);

        Assert.Equal(warns, logs.Messages.Any(m => m.Contains("a logout does not reach other instances and is forgotten at restart", StringComparison.Ordinal)));
    }
}
