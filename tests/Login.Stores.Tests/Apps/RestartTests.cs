using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>One machine on SQLite: what a logout ended stays ended after a restart, and what was live stays live.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-restart-").FullName;

    private string Database => $"Data Source={Path.Combine(_folder, "login.db")}";

    private string Keys => Path.Combine(_folder, "keys");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<StoreApp> StartAsync(Action<LoginOptions>? configure = null, TimeProvider? clock = null) =>
        StoreApp.StartAsync(b => b.AddSqliteStore(Database), Keys, configure, clock);

    [Fact]
    public async Task A_logged_out_cookie_stays_refused_after_its_familys_expiry_when_a_restart_raised_the_session_lifetime()
    {
        // Issue 21, item 2. The session cookie's lifetime is counted from inside it under the options of the day: raised
        // from 1 to 30 days, a cookie issued on day 0 is good until day 30, while its family's record said day 1. The
        // ending used to be pruned at start (expired) and forgotten, and the logged-out cookie worked again.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        Browser copy;
        await using (var before = await StartAsync(o => o.SessionLifetime = TimeSpan.FromDays(1), clock))
        {
            var browser = before.NewBrowser();
            await browser.GetAsync("/login/1");
            copy = browser.Copy();
            await browser.GetAsync("/logout");
            Assert.Equal(HttpStatusCode.Found, (await copy.Copy().GetAsync("/secret")).Status);
        }

        clock.Now += TimeSpan.FromDays(2);
        await using var after = await StartAsync(o => o.SessionLifetime = TimeSpan.FromDays(30), clock);
        var control = after.NewBrowser();
        await control.GetAsync("/login/2");
        copy.App = after;
        await WaitUntilPrunedAndCaughtUpAsync(after);

        Assert.Equal((HttpStatusCode.OK, "secret of 2"), await control.GetAsync("/secret")); // a cookie of that age is good now
        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task A_session_restored_just_before_the_logout_stays_refused_after_the_recorded_expiry_and_a_restart()
    {
        // Issue 21, item 2. A restore on day 364 issues a session cookie good until day 395, and the family's recorded
        // expiry (day 365) is extended only by the next touch batch, which skips ended families: a logout at once left the
        // ending with the day-365 expiry, after which the restored session cookie worked again.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        Browser copy;
        await using (var before = await StartAsync(clock: clock))
        {
            var browser = before.NewBrowser();
            await browser.GetAsync("/login/1?remember=true");
            Assert.True(browser.Cookies.ContainsKey("remember_token"));
            clock.Now += TimeSpan.FromDays(364);
            browser.Cookies.Remove(".Login.Session");
            Assert.Equal((HttpStatusCode.OK, "secret of 1"), await browser.GetAsync("/secret")); // restored: a new session cookie
            copy = browser.Copy(names: ".Login.Session");
            await browser.GetAsync("/logout");
        }

        clock.Now += TimeSpan.FromDays(2);
        await using var after = await StartAsync(clock: clock);
        copy.App = after;
        await WaitUntilPrunedAndCaughtUpAsync(after);

        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
    }

    /// <summary>A prune as the store's pruning service runs it, and the first catch-up, have run.</summary>
    private static async Task WaitUntilPrunedAndCaughtUpAsync(StoreApp app)
    {
        var pruning = app.Services.GetServices<IHostedService>().OfType<Login.Sessions.Store.LoginSessionStorePruning>().Single();
        await pruning.PruneOnceAsync(CancellationToken.None);
        var families = app.Services.GetRequiredService<Login.Sessions.LoginService>().Families;
        for (var i = 0; i < 600 && families.Ended.SyncedAgo is null; i++)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(families.Ended.SyncedAgo);
    }

    [Fact]
    public async Task After_a_restart_an_ended_login_stays_ended_and_a_live_one_stays_live()
    {
        Browser alice, bobsCopy, bobsRememberCopy;
        await using (var before = await StartAsync())
        {
            alice = before.NewBrowser();
            var bob = before.NewBrowser();
            await alice.GetAsync("/login/1?remember=true");
            await bob.GetAsync("/login/2?remember=true");
            bobsCopy = bob.Copy();
            bobsRememberCopy = bob.Copy(names: "remember_token");
            await bob.GetAsync("/logout");
            Assert.Equal(HttpStatusCode.Found, (await bobsCopy.Copy().GetAsync("/secret")).Status);
        }

        await using var after = await StartAsync();
        alice.App = bobsCopy.App = bobsRememberCopy.App = after;

        Assert.Equal((HttpStatusCode.OK, "secret of 1"), await alice.GetAsync("/secret"));
        Assert.Equal(HttpStatusCode.Found, (await bobsCopy.GetAsync("/secret")).Status);
        Assert.Equal(HttpStatusCode.Found, (await bobsRememberCopy.GetAsync("/secret")).Status);
        alice.Cookies.Remove(".Login.Session"); // and the remember cookie still restores Alice's login
        Assert.Equal((HttpStatusCode.OK, "secret of 1"), await alice.GetAsync("/secret"));
    }

    [Fact]
    public async Task A_logout_on_one_process_is_refused_by_another_on_the_same_file()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var browser = a.NewBrowser();
        await browser.GetAsync("/login/3");
        var onB = browser.Copy(b);
        Assert.Equal((HttpStatusCode.OK, "secret of 3"), await onB.Copy().GetAsync("/secret"));

        await browser.GetAsync("/logout");

        // Another process on the file learns by the 1 s poll (SQLite has no notifications between processes).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await onB.Copy().GetAsync("/secret")).Status != HttpStatusCode.Found)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "still served 30 s after the logout"); // a bound for a loaded machine, not a figure
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_logout_in_a_real_second_process_is_refused_by_this_one_on_the_same_file()
    {
        // The other tests of "another process" run both instances in this one; here the logout happens in another
        // operating-system process, which shares nothing with this one but the database file and the key folder.
        await using var a = await StartAsync();
        await using var other = await SecondProcess.StartSqliteAsync(Path.Combine(_folder, "login.db"), Keys);
        Assert.NotEqual(Environment.ProcessId, other.Id);
        var browser = a.NewBrowser();
        await browser.GetAsync("/login/4");
        Assert.Equal((HttpStatusCode.OK, "secret of 4"), await browser.Copy().GetAsync("/secret"));
        using (var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }))
        {
            using var onOther = new HttpRequestMessage(HttpMethod.Get, new Uri(other.Address, "/secret"));
            onOther.Headers.Add("Cookie", string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}")));
            onOther.Headers.UserAgent.ParseAdd("Login.Stores.Tests/1.0");
            Assert.Equal("secret of 4", await (await client.SendAsync(onOther)).Content.ReadAsStringAsync()); // same keys, same login

            using var logout = new HttpRequestMessage(HttpMethod.Get, new Uri(other.Address, "/logout"));
            logout.Headers.Add("Cookie", string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}")));
            logout.Headers.UserAgent.ParseAdd("Login.Stores.Tests/1.0");
            Assert.Equal("logged out", await (await client.SendAsync(logout)).Content.ReadAsStringAsync());
        }

        // This process learns by its 1 s poll (SQLite has no notifications between processes).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await browser.Copy().GetAsync("/secret")).Status != HttpStatusCode.Found)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "still served 30 s after the other process logged out"); // a bound, not a figure
            await Task.Delay(20);
        }
    }
}
