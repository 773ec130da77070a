using System.Net;
using Login.Sessions.Store;
using Login.Stores.Tests.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// Issue 21, item 3, as an attacker sees it: two different apps on one database (or one SQLite file), where app B's
/// users (or app B itself) hold app A's cookies and user ids. B must take none of A's cookies, and list and end none of
/// A's logins, whether the two apps differ in DataProtection's application name or share it (and its keys) and differ
/// in Login's own <see cref="LoginOptions.ApplicationName"/>.
/// </summary>
public abstract class TwoApplicationsTests : IDisposable
{
    private const string Remember = "remember_token";

    protected readonly string Folder = Directory.CreateTempSubdirectory("login-two-apps-").FullName;

    /// <summary>Adds the store both apps share.</summary>
    protected abstract Task<Action<LoginBuilder>> SharedStoreAsync();

    public virtual void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Both apps read one key folder: the store alone must keep them apart, not keys that differ by luck.</summary>
    private string Keys => Path.Combine(Folder, "keys");

    private async Task<(StoreApp A, StoreApp B)> StartTwoAsync(string dataProtectionOfA, string dataProtectionOfB, string? loginNameOfA = null,
        string? loginNameOfB = null)
    {
        var store = await SharedStoreAsync();
        var a = await StoreApp.StartAsync(store, Keys, o => o.ApplicationName = loginNameOfA, dataProtectionName: dataProtectionOfA);
        var b = await StoreApp.StartAsync(store, Keys, o => o.ApplicationName = loginNameOfB, dataProtectionName: dataProtectionOfB);
        return (a, b);
    }

    private static async Task AssertBKeepsToItselfAsync(StoreApp a, StoreApp b)
    {
        var onA = a.NewBrowser();
        Assert.Equal("logged in", (await onA.GetAsync("/login/5?remember=true")).Body);
        Assert.Equal((HttpStatusCode.OK, "secret of 5"), await onA.Copy().GetAsync("/secret"));

        // A's cookies presented to B: anonymous, the session cookie and the remember cookie alike.
        Assert.Equal(HttpStatusCode.Found, (await onA.Copy(b).GetAsync("/secret")).Status);
        Assert.Equal(HttpStatusCode.Found, (await onA.Copy(b, Remember).GetAsync("/secret")).Status);

        // B's own user 5 lists and ends only B's logins.
        var onB = b.NewBrowser();
        await onB.GetAsync("/login/5");
        var sessionsOnB = (await onB.GetAsync("/sessions")).Body.Split('|');
        Assert.Single(sessionsOnB);
        Assert.EndsWith(":5:current", sessionsOnB[0]);
        Assert.Equal("ended 0", (await onB.GetAsync("/logout-everywhere?keep=true")).Body);
        await onB.GetAsync("/logout");

        // A's login lives on, on A, by its session cookie and by its remember cookie.
        Assert.Equal((HttpStatusCode.OK, "secret of 5"), await onA.Copy().GetAsync("/secret"));
        Assert.Equal((HttpStatusCode.OK, "secret of 5"), await onA.Copy(a, Remember).GetAsync("/secret"));
        Assert.Single((await onA.GetAsync("/sessions")).Body.Split('|'));
    }

    [StoreFact]
    public async Task An_app_with_another_DataProtection_name_on_the_same_store_takes_lists_and_ends_none_of_the_others_logins()
    {
        var (a, b) = await StartTwoAsync("app-a", "app-b");
        await using var _ = a;
        await using var __ = b;

        await AssertBKeepsToItselfAsync(a, b);
    }

    [StoreFact]
    public async Task An_app_sharing_DataProtection_name_and_keys_but_with_its_own_Login_ApplicationName_takes_lists_and_ends_none_of_the_others_logins()
    {
        var (a, b) = await StartTwoAsync("shared", "shared", loginNameOfA: "app-a", loginNameOfB: "app-b");
        await using var _ = a;
        await using var __ = b;

        await AssertBKeepsToItselfAsync(a, b);
    }

    [StoreFact]
    public async Task A_store_under_a_name_the_app_never_chose_is_warned_of_at_start_and_a_chosen_one_is_not()
    {
        var store = await SharedStoreAsync();
        var unnamedLogs = new ListLogger();
        await using (var unnamed = await StoreApp.StartAsync(store, Keys, dataProtectionName: null, logs: unnamedLogs))
        {
            var application = unnamed.Services.GetRequiredService<LoginApplication>();
            Assert.False(application.IsExplicit);
            Assert.Equal(unnamed.Services.GetApplicationUniqueIdentifier(), application.Name);
        }

        var namedLogs = new ListLogger();
        await using (var named = await StoreApp.StartAsync(store, Keys, o => o.ApplicationName = "app-a", dataProtectionName: null, logs: namedLogs))
        {
            Assert.True(named.Services.GetRequiredService<LoginApplication>().IsExplicit);
        }

        var warning = Assert.Single(unnamedLogs.Entries, e => e.Id == 65);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("LoginOptions.ApplicationName", warning.Message);
        Assert.DoesNotContain(namedLogs.Entries, e => e.Id == 65);
    }
}

/// <summary><see cref="TwoApplicationsTests"/> on one SQLite file.</summary>
public sealed class TwoApplicationsOnSqliteTests : TwoApplicationsTests
{
    protected override Task<Action<LoginBuilder>> SharedStoreAsync()
    {
        var file = $"Data Source={Path.Combine(Folder, "login.db")}";
        return Task.FromResult<Action<LoginBuilder>>(b => b.AddSqliteStore(file));
    }
}

/// <summary><see cref="TwoApplicationsTests"/> on one PostgreSQL database (the key ring in it too).</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlCollection.Name)]
public sealed class TwoApplicationsOnPostgreSqlTests(PostgreSqlCluster cluster) : TwoApplicationsTests
{
    protected override async Task<Action<LoginBuilder>> SharedStoreAsync()
    {
        var database = await cluster.CreateDatabaseAsync();
        return b => b.AddPostgreSqlStore(database);
    }
}
