using System.Diagnostics;
using Login.Stores.Tests.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.Apps;

/// <summary>The app's health check for the session store (<c>AddHealthChecks().AddLoginSessionStore()</c>), on each real store.</summary>
internal static class StoreHealth
{
    public const string Name = "login_session_store";

    /// <summary>Adds the store, and the health check for it, as an app's <c>Program.cs</c> would.</summary>
    public static Action<LoginBuilder> With(Action<LoginBuilder> store) => login =>
    {
        store(login);
        login.Services.AddHealthChecks().AddLoginSessionStore(timeout: TimeSpan.FromSeconds(20));
    };

    public static async Task<HealthReportEntry> CheckAsync(StoreApp app) =>
        (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[Name];

    /// <summary>Checks until the report is <paramref name="status"/>; fails past <paramref name="bound"/>.</summary>
    public static async Task<(HealthReportEntry Entry, TimeSpan After)> UntilAsync(StoreApp app, HealthStatus status, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var entry = await CheckAsync(app);
            if (entry.Status == status)
            {
                return (entry, clock.Elapsed);
            }

            Assert.True(clock.Elapsed < bound, $"still {entry.Status} after {clock.Elapsed.TotalSeconds:F1} s: {entry.Description}");
            await Task.Delay(100);
        }
    }
}

public sealed class InMemoryAndSqliteHealthCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-health-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_in_memory_store_is_healthy_and_this_instance_current()
    {
        await using var app = await StoreApp.StartAsync(StoreHealth.With(_ => { }));

        var entry = await StoreHealth.CheckAsync(app);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("InMemoryLoginSessionStore", entry.Data["store"]);
        Assert.InRange((double)entry.Data["synced_seconds_ago"], 0, 5); // the sync polls every second
    }

    [Fact]
    public async Task A_SQLite_store_is_healthy_until_its_file_cannot_be_opened()
    {
        var folder = Path.Combine(_folder, "db");
        Directory.CreateDirectory(folder);
        await using var app = await StoreApp.StartAsync(
            StoreHealth.With(b => b.AddSqliteStore($"Data Source={Path.Combine(folder, "login.db")}")), Path.Combine(_folder, "keys"));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        await browser.GetAsync("/logout");

        var healthy = await StoreHealth.CheckAsync(app);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal("SqliteLoginSessionStore", healthy.Data["store"]);
        Assert.Equal(1, healthy.Data["ended_logins_known"]);

        // The disk goes away: the file's folder is deleted and no pooled connection holds the old file open.
        Directory.Delete(folder, recursive: true);
        SqliteConnection.ClearAllPools();
        var (entry, _) = await StoreHealth.UntilAsync(app, HealthStatus.Unhealthy, TimeSpan.FromSeconds(10));

        Assert.IsType<LoginStoreUnavailableException>(entry.Exception);
        Assert.StartsWith("Login's session store cannot be reached", entry.Description, StringComparison.Ordinal);
    }
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlHealthCheckTests(PostgreSqlCluster cluster, ITestOutputHelper output)
{
    [PostgreSqlFact]
    public async Task A_PostgreSQL_store_is_unhealthy_while_the_server_is_stopped_and_healthy_again_once_it_is_back()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var app = await StoreApp.StartAsync(
            StoreHealth.With(b => b.AddPostgreSqlStore(database)), configure: o => o.SessionStoreMaxStaleness = TimeSpan.FromSeconds(2));
        var healthy = await StoreHealth.CheckAsync(app);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal("PostgreSqlLoginSessionStore", healthy.Data["store"]);

        await cluster.StopAsync();
        try
        {
            var (down, after) = await StoreHealth.UntilAsync(app, HealthStatus.Unhealthy, TimeSpan.FromSeconds(10));
            output.WriteLine($"Unhealthy {after.TotalMilliseconds:F0} ms after the server stopped: {down.Description}");
            Assert.IsType<LoginStoreUnavailableException>(down.Exception);

            // Past the staleness bound the instance is behind too; the store's absence is what the report names first.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var stale = await StoreHealth.CheckAsync(app);
            Assert.Equal(HealthStatus.Unhealthy, stale.Status);
            Assert.IsType<LoginStoreUnavailableException>(stale.Exception);
        }
        finally
        {
            await cluster.StartAsync();
        }

        var (back, recovered) = await StoreHealth.UntilAsync(app, HealthStatus.Healthy, TimeSpan.FromSeconds(20));
        output.WriteLine($"Healthy {recovered.TotalMilliseconds:F0} ms after the server started again: {back.Description}");
        Assert.InRange((double)back.Data["synced_seconds_ago"], 0, 2);
    }
}
