using System.Globalization;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>connection-memory [--connections N]</c>: the managed memory Login adds per open hub connection. One process, the
/// in-memory store: N users each log in and hold one WebSocket hub connection, on an app with Login's hub filter and on
/// the same app with the filter taken out; the difference in the managed heap (after a full collection), divided by N,
/// is what Login keeps per connection (its ConnectionLogin, watch, expiry timer, and the filter's bookkeeping). The
/// clients live in the same process and are the same in both runs, so they cancel out.
/// </summary>
internal static class ConnectionMemoryCommand
{
    public static async Task<int> RunAsync(int connections)
    {
        var load = LoadAverage.Read();
        Console.WriteLine($"== connection memory: {connections:N0} logged-in WebSocket hub connections, in-memory store; load average {load}");
        var without = await MeasureAsync(connections, withLogin: false);
        var with = await MeasureAsync(connections, withLogin: true);
        Console.WriteLine();
        Console.WriteLine("| Managed heap with N connections open | bytes | per connection |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| without Login's hub filter | {without:N0} | {without / (double)connections:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| with Login's hub filter | {with:N0} | {with / (double)connections:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **Login adds** | {with - without:N0} | **{(with - without) / (double)connections:N0}** |"));
        return 0;
    }

    /// <summary>The growth of the managed heap from before the connections opened to while they are all open.</summary>
    private static async Task<long> MeasureAsync(int count, bool withLogin)
    {
        await using var app = StoreApp.Build(connectionString: null, loginOnHubs: withLogin);
        await app.StartAsync();
        var address = StoreApp.Address(app);
        var cookies = new string[count];
        for (var i = 0; i < count; i++)
        {
            cookies[i] = await Http.LoginAsync(address, 700_000 + i);
        }

        var before = Heap();
        var open = new List<Microsoft.AspNetCore.SignalR.Client.HubConnection>(count);
        for (var i = 0; i < count; i++)
        {
            var connection = HubPropagationCommand.Connect(address, cookies[i]);
            await connection.StartAsync();
            open.Add(connection);
        }

        var after = Heap();
        foreach (var connection in open)
        {
            await connection.DisposeAsync();
        }

        await app.StopAsync();
        return after - before;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
