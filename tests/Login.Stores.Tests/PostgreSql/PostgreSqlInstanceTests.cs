using System.Diagnostics;
using System.Security.Cryptography;
using Login.PostgreSql;
using Login.Sessions.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// What only PostgreSQL does: several instances on one database hear each other's endings by LISTEN/NOTIFY, share
/// the DataProtection key ring, and get through a server restart by themselves.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlInstanceTests(PostgreSqlCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private PostgreSqlLoginSessionStore Instance(string connectionString, TimeSpan? retryDelay = null)
    {
        var database = new PostgreSqlLoginDatabase(connectionString);
        _owned.Add(database);
        return retryDelay is { } delay
            ? new PostgreSqlLoginSessionStore(database) { ListenRetryDelay = delay, ListenRetryMaxDelay = delay }
            : new PostgreSqlLoginSessionStore(database);
    }

    private ServiceProvider App(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogin().AddPostgreSqlStore(connectionString);
        services.AddDataProtection().SetApplicationName("login-stores-tests");
        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        return provider;
    }

    private static async Task<LoginFamily> CreatedAsync(ILoginSessionStore store, string userId)
    {
        var family = new LoginFamily
        {
            Id = LoginFamily.NewId(), UserId = userId, UserType = "Member", CreatedAt = T0, LastSeenAt = T0, ExpiresAt = T0.AddDays(30),
            Remembered = true, RememberTokenId = LoginFamily.NewId(),
        };
        await store.CreateAsync(family, default);
        return family;
    }

    private static async Task<int> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table};", connection);
        return (int)(long)(await count.ExecuteScalarAsync())!;
    }

    [PostgreSqlFact]
    public async Task Every_ending_on_one_instance_reaches_another_by_notification()
    {
        var database = await cluster.CreateDatabaseAsync();
        var a = Instance(database);
        var b = Instance(database);
        const int Samples = 100;
        var families = new List<LoginFamily>();
        for (var i = 0; i < Samples; i++)
        {
            families.Add(await CreatedAsync(a, $"user{i}"));
        }

        // The store has no poll: an ending reaches B only by LISTEN/NOTIFY. The bound is for a loaded machine, not a
        // figure: how fast it is belongs to benchmarks/stores (the latencies below are printed, never asserted).
        await using var watch = await NoticeReader.StartAsync(b, TimeSpan.FromSeconds(30));
        // One ending first, not measured: it pays for compiling the code on both sides, which an app pays once.
        var warmUp = await CreatedAsync(a, "warm-up");
        await a.EndAsync(warmUp.Id, T0.AddMinutes(1), default);
        await watch.EndedAsync(warmUp.Id);
        var latencies = new List<TimeSpan>();
        foreach (var family in families)
        {
            var start = Stopwatch.GetTimestamp();
            Assert.True(await a.EndAsync(family.Id, T0.AddMinutes(1), default));
            // Fails the test when B does not hear of this ending within the reader's bound.
            latencies.Add(Stopwatch.GetElapsedTime(start, await watch.EndedAsync(family.Id)));
        }

        latencies.Sort();
        var p50 = latencies[Samples / 2];
        var p99 = latencies[Samples * 99 / 100 - 1];
        output.WriteLine(
            $"Propagation from EndAsync on instance A to the notice on instance B, {Samples} endings: p50 {p50.TotalMilliseconds:F2} ms, p99 {p99.TotalMilliseconds:F2} ms, max {latencies[^1].TotalMilliseconds:F2} ms");
    }

    [PostgreSqlFact]
    public async Task Instances_share_the_DataProtection_key_ring_through_the_database()
    {
        var database = await cluster.CreateDatabaseAsync();
        var a = App(database);
        var b = App(database);
        var elsewhere = App(await cluster.CreateDatabaseAsync());

        var cookie = a.GetDataProtector("Login.Session").Protect("alice");

        Assert.Equal("alice", b.GetDataProtector("Login.Session").Unprotect(cookie));
        Assert.Equal(1, await CountAsync(database, "login_data_protection_keys"));
        // A provider with the same application name but another database has other keys: the sharing is the table's
        // doing, not a key folder the test machine happens to share.
        Assert.ThrowsAny<CryptographicException>(() => elsewhere.GetDataProtector("Login.Session").Unprotect(cookie));
    }

    [PostgreSqlFact]
    public async Task Instances_that_create_their_first_keys_at_once_still_read_each_others_cookies()
    {
        // On a new database both instances may find no key and each create one; every key lands in the table, and
        // DataProtection reloads the ring when it meets a key it does not know.
        for (var round = 0; round < 3; round++)
        {
            var database = await cluster.CreateDatabaseAsync();
            var a = App(database);
            var b = App(database);
            using var start = new Barrier(2);
            var fromA = Task.Run(() => { start.SignalAndWait(); return a.GetDataProtector("Login.Session").Protect("alice"); });
            var fromB = Task.Run(() => { start.SignalAndWait(); return b.GetDataProtector("Login.Session").Protect("bob"); });
            await Task.WhenAll(fromA, fromB);

            Assert.Equal("alice", b.GetDataProtector("Login.Session").Unprotect(fromA.Result));
            Assert.Equal("bob", a.GetDataProtector("Login.Session").Unprotect(fromB.Result));
            output.WriteLine($"round {round}: {await CountAsync(database, "login_data_protection_keys")} key(s) created");
        }
    }

    [PostgreSqlFact]
    public async Task Two_instances_list_and_end_the_same_logins()
    {
        var database = await cluster.CreateDatabaseAsync();
        var a = App(database);
        var b = App(database);
        var now = DateTimeOffset.UtcNow;
        var store = a.GetRequiredService<ILoginSessionStore>();
        foreach (var minutes in new[] { 2, 1 })
        {
            await store.CreateAsync(new LoginFamily
            {
                Id = LoginFamily.NewId(), UserId = "alice", UserType = "Member", CreatedAt = now.AddMinutes(-minutes), LastSeenAt = now, ExpiresAt = now.AddDays(1),
                UserAgent = "agent", IpAddress = "203.0.113.9",
            }, default);
        }

        var fromA = await a.GetRequiredService<ILoginSessions>().ListAsync("alice");
        var fromB = await b.GetRequiredService<ILoginSessions>().ListAsync("alice");

        Assert.Equal(fromA, fromB);
        Assert.Equal(2, fromB.Count);
        Assert.True(fromB[0].CreatedAt > fromB[1].CreatedAt);
        Assert.True(await b.GetRequiredService<ILoginSessions>().EndAsync(fromA[0].Id));
        Assert.Equal(1, await a.GetRequiredService<ILoginSessions>().EndAllAsync("alice"));
        Assert.Empty(await a.GetRequiredService<ILoginSessions>().ListAsync("alice"));
    }

    [PostgreSqlFact]
    public async Task After_the_server_restarts_a_watcher_reconnects_by_itself_and_catches_up()
    {
        var database = await cluster.CreateDatabaseAsync();
        var a = Instance(database);
        // A fixed one-second retry, so the ending right after the restart lands while B is not listening yet.
        var b = Instance(database, retryDelay: TimeSpan.FromSeconds(1));
        var whileAway = await CreatedAsync(a, "alice");
        var afterwards = await CreatedAsync(a, "alice");
        await using var watch = await NoticeReader.StartAsync(b, TimeSpan.FromSeconds(30));
        var cursor = (await b.GetEndedSinceAsync(0, 100, default)).Cursor;

        var stopped = Stopwatch.GetTimestamp();
        await cluster.StopAsync();
        await watch.NextAsync(LoginEndingNoticeKind.Disconnected);
        var unavailable = await Assert.ThrowsAsync<LoginStoreUnavailableException>(() => a.EndAsync(whileAway.Id, T0.AddMinutes(1), default));
        output.WriteLine($"While the server is down: {unavailable.Message}");

        await cluster.StartAsync();
        // A's pooled connections all broke in the restart; the store retries on a fresh one by itself.
        Assert.True(await a.EndAsync(whileAway.Id, T0.AddMinutes(1), default));
        var reconnected = await watch.NextAsync(LoginEndingNoticeKind.Reconnected);
        output.WriteLine($"Stop to Reconnected: {Stopwatch.GetElapsedTime(stopped, reconnected).TotalMilliseconds:F0} ms");

        Assert.DoesNotContain(watch.Seen, n => n.FamilyId == whileAway.Id);
        var caughtUp = await b.GetEndedSinceAsync(cursor, 100, default);
        Assert.Equal([whileAway.Id], caughtUp.Endings.Select(e => e.FamilyId));
        // Listening again: the next ending arrives as a notice.
        Assert.True(await a.EndAsync(afterwards.Id, T0.AddMinutes(2), default));
        await watch.EndedAsync(afterwards.Id);
    }
}
