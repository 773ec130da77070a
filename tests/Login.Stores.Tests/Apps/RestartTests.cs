using System.Net;
using Microsoft.Extensions.DependencyInjection;
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

    private Task<StoreApp> StartAsync() => StoreApp.StartAsync(b => b.AddSqliteStore(Database), Keys);

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
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "still served 3 s after the logout");
            await Task.Delay(20);
        }
    }
}
