using Login.Stores.Tests.PostgreSql;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// A hub connection and a circuit's login end when their login ends, by every path, with every store: in memory (one
/// instance), and on SQLite with two instances on one database file, where the ending reaches the other instance by its
/// poll. PostgreSQL (two instances; notification and poll apart) is <see cref="PostgreSqlLiveConnectionTests"/>.
/// </summary>
public sealed class LiveConnectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-live-").FullName;

    public static TheoryData<LoginEnd> Ends => new(Enum.GetValues<LoginEnd>());

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Ends))]
    public async Task In_memory_every_ending_closes_the_hub_connection_and_ends_the_circuit(LoginEnd end)
    {
        var clock = LiveEndings.NewClock();
        await using var app = await StoreApp.StartAsync(_ => { }, configure: LiveEndings.OptionsFor(end), clock: clock);

        await LiveEndings.RunAsync(app, app, clock, end, LiveEndings.Reach.Push, output, "in memory");
    }

    [Theory]
    [MemberData(nameof(Ends))]
    public async Task On_SQLite_every_ending_on_A_closes_the_hub_connection_and_ends_the_circuit_on_B(LoginEnd end)
    {
        var database = $"Data Source={Path.Combine(_folder, "login.db")}";
        var keys = Path.Combine(_folder, "keys");
        var clock = LiveEndings.NewClock();
        await using var a = await StoreApp.StartAsync(s => s.AddSqliteStore(database), keys, LiveEndings.OptionsFor(end), clock);
        await using var b = await StoreApp.StartAsync(s => s.AddSqliteStore(database), keys, LiveEndings.OptionsFor(end), clock);

        await LiveEndings.RunAsync(a, b, clock, end, LiveEndings.Reach.Poll, output, "SQLite, two instances");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_expiry_timer_alone_ends_the_connection_and_the_circuit_when_the_login_expires(bool sqlite)
    {
        // A real clock and no revalidation: only the timer each connection's login sets at its end can close it.
        var lifetime = TimeSpan.FromSeconds(10); // long enough to connect and open a circuit on a loaded machine
        Action<LoginOptions> options = o =>
        {
            o.SessionLifetime = lifetime;
            o.ConnectionRevalidationInterval = null;
        };
        var database = $"Data Source={Path.Combine(_folder, "login.db")}";
        Action<LoginBuilder> store = sqlite ? s => s.AddSqliteStore(database) : _ => { };
        await using var app = await StoreApp.StartAsync(store, Path.Combine(_folder, "keys"), options);
        var browser = app.NewBrowser();
        var since = System.Diagnostics.Stopwatch.StartNew();
        await browser.GetAsync("/login/39000");
        await using var connection = await HubClient.ConnectAsync(browser);
        var circuit = await browser.OpenCircuitLoginAsync();
        Assert.False(circuit.HasEnded);
        var closed = connection.WhenClosed();

        var bound = lifetime + LiveEndings.Margin;
        var hubTook = await closed.ClosedWithinAsync(since, bound);
        var circuitTook = await LiveEndings.EndedWithinAsync(circuit, since, bound);

        Assert.True(hubTook is not null, $"the hub connection was still open {bound} after a login of {lifetime} began");
        Assert.True(circuitTook is not null, $"the circuit's login had not ended {bound} after a login of {lifetime} began");
        Assert.Equal("its last cookie expired", circuit.EndedBecause);
        output.WriteLine($"expiry timer ({(sqlite ? "SQLite" : "in memory")}): closed {hubTook!.Value.TotalMilliseconds:F0} ms after the login (lifetime {lifetime.TotalMilliseconds} ms)");
        circuit.Dispose();
    }
}

/// <summary>
/// Two instances on one PostgreSQL database: the connection and the circuit on B, the ending on A. With both ways on, by
/// the notification alone (B's polls frozen: the poll cannot be what ended it) and by the poll alone (B's notifications
/// silenced: within its interval and a margin).
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlLiveConnectionTests(PostgreSqlCluster cluster, ITestOutputHelper output)
{
    public enum Paths { Both, NotificationAlone, PollAlone }

    public static TheoryData<LoginEnd, Paths> Cases()
    {
        var data = new TheoryData<LoginEnd, Paths>();
        foreach (var end in Enum.GetValues<LoginEnd>())
        {
            foreach (var paths in Enum.GetValues<Paths>())
            {
                // A stamp or an expiry is seen by each instance's revalidation, whatever the store pushes: once is enough.
                if (end is LoginEnd.SessionStamp or LoginEnd.Expiry && paths != Paths.Both)
                {
                    continue;
                }

                data.Add(end, paths);
            }
        }

        return data;
    }

    [PostgreSqlTheory]
    [MemberData(nameof(Cases))]
    public async Task Every_ending_on_A_closes_the_hub_connection_and_ends_the_circuit_on_B(LoginEnd end, Paths paths)
    {
        var database = await cluster.CreateDatabaseAsync();
        var clock = LiveEndings.NewClock();
        var switches = new SyncPaths // before B starts: its watch of the notifications begins with it
        {
            PollsFrozen = paths == Paths.NotificationAlone,
            NotificationsSilenced = paths == Paths.PollAlone,
        };
        await using var a = await StoreApp.StartAsync(s => s.AddPostgreSqlStore(database), configure: LiveEndings.OptionsFor(end), clock: clock);
        await using var b = await StoreApp.StartAsync(s =>
        {
            s.AddPostgreSqlStore(database);
            switches.Apply(s);
        }, configure: LiveEndings.OptionsFor(end), clock: clock);

        var reach = paths == Paths.PollAlone ? LiveEndings.Reach.Poll : LiveEndings.Reach.Push;
        await LiveEndings.RunAsync(a, b, clock, end, reach, output, $"PostgreSQL, two instances, {paths}");
    }

    [PostgreSqlFact]
    public async Task A_hub_call_while_the_database_is_down_is_served_within_the_staleness_bound_then_refused_then_served_again()
    {
        // Bad input (issue 17): the request rules hold for a hub call. Within SessionStoreMaxStaleness the instance serves
        // from what it knows; past it, a call that needs a login gets a HubException (the connection stays open: no login
        // has ended), and once the database is back the calls are served again. Never an unhandled error, never a pass
        // past the bound.
        var database = await cluster.CreateDatabaseAsync();
        var staleness = TimeSpan.FromSeconds(15); // longer than stopping the server takes on a loaded machine
        await using var app = await StoreApp.StartAsync(s => s.AddPostgreSqlStore(database), configure: o => o.SessionStoreMaxStaleness = staleness);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/38000");
        await using var connection = await HubClient.ConnectAsync(browser);
        Assert.Equal("before", await connection.InvokeAsync<string>("Echo", "before"));

        var down = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StopAsync();
        HubException? refused = null;
        try
        {
            Assert.Equal("within the bound", await connection.InvokeAsync<string>("Echo", "within the bound"));
            while (refused is null)
            {
                Assert.True(down.Elapsed < staleness + TimeSpan.FromSeconds(30), "a call was still served 30 s past the staleness bound");
                await Task.Delay(250);
                try
                {
                    await connection.InvokeAsync<string>("Echo", "past the bound");
                }
                catch (HubException e)
                {
                    refused = e;
                }
            }

            output.WriteLine($"refused {down.Elapsed.TotalSeconds:F1} s after the database went down (bound {staleness.TotalSeconds} s)");
            Assert.Contains("session store has not answered for too long", refused.Message, StringComparison.Ordinal);
            Assert.Equal(HubConnectionState.Connected, connection.State);
        }
        finally
        {
            await cluster.StartAsync();
        }

        var back = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal("after", await connection.InvokeAsync<string>("Echo", "after"));
                break;
            }
            catch (HubException) when (back.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
