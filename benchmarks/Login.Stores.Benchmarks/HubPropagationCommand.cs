using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>hub-propagation --postgres ADMIN [--logouts N] [--warmup N]</c>: how long a logout on one instance takes to close a
/// hub connection held on another. Instances A and B (processes of their own) on one new PostgreSQL database; for every
/// logout: log a user in on A, open a WebSocket hub connection on B with the session cookie and make one call, log out
/// on A, and time until the client sees B close the connection. Latency is from A's logout response (the ending is
/// committed by then) and from the moment the logout was sent. The sibling of <see cref="PropagationCommand"/>, which
/// times the refusal of a copied cookie.
/// </summary>
internal static class HubPropagationCommand
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string adminConnectionString, int logouts, int warmup)
    {
        var load = LoadAverage.Read();
        var database = await BenchmarkDatabase.CreateAsync(adminConnectionString, "login_hub_propagation");
        await using var a = await AppInstance.StartAsync(database.ConnectionString);
        await using var b = await AppInstance.StartAsync(database.ConnectionString);
        Console.WriteLine($"== hub propagation: instances A (pid {a.ProcessId}) and B (pid {b.ProcessId}) on one PostgreSQL database; " +
            $"{warmup} warm-up logouts, then {logouts:N0} measured; load average {load}");

        for (var i = 0; i < warmup; i++)
        {
            await OnceAsync(a.Address, b.Address, user: 500_000 + i);
        }

        var clock = Stopwatch.StartNew();
        var samples = new List<(double FromResponse, double FromRequest)>(logouts);
        for (var i = 0; i < logouts; i++)
        {
            samples.Add(await OnceAsync(a.Address, b.Address, user: 500_000 + warmup + i));
        }

        clock.Stop();
        var fromResponse = new Distribution(samples.Select(s => s.FromResponse));
        var fromRequest = new Distribution(samples.Select(s => s.FromRequest));
        Console.WriteLine();
        Console.WriteLine("| Milliseconds | p50 | p90 | p99 | max | mean |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("B's hub connection closed, after A's logout response", fromResponse);
        Row("B's hub connection closed, after the logout was sent", fromRequest);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{samples.Count:N0} logouts in {clock.Elapsed.TotalSeconds:0.0} s; load average {LoadAverage.Read()}"));
        return 0;
    }

    private static void Row(string label, Distribution values) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {values.Percentile(50):0.00} | {values.Percentile(90):0.00} | {values.Percentile(99):0.00} | {values.Max:0.00} | {values.Mean:0.00} |"));

    private static async Task<(double FromResponse, double FromRequest)> OnceAsync(Uri a, Uri b, int user)
    {
        var cookie = await Http.LoginAsync(a, user);
        await using var connection = Connect(b, cookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        if (await connection.InvokeAsync<string>("Ping") != StoreApp.Body)
        {
            throw new InvalidOperationException("the hub on B did not answer");
        }

        var sent = Stopwatch.GetTimestamp();
        var (status, _, _) = await Http.GetAsync(a, "/logout", cookie);
        var answered = Stopwatch.GetTimestamp();
        if (status != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"logout on A: {(int)status}");
        }

        if (await Task.WhenAny(closed.Task, Task.Delay(Bound)) != closed.Task)
        {
            throw new TimeoutException($"B's hub connection was still open {Bound.TotalSeconds:0} s after the logout on A (user {user})");
        }

        var closedAt = Stopwatch.GetTimestamp();
        return (Stopwatch.GetElapsedTime(answered, closedAt).TotalMilliseconds, Stopwatch.GetElapsedTime(sent, closedAt).TotalMilliseconds);
    }

    /// <summary>A WebSocket hub connection to <paramref name="instance"/> sending <paramref name="cookie"/> and the benchmarks' User-Agent.</summary>
    public static HubConnection Connect(Uri instance, string cookie) => new HubConnectionBuilder()
        .WithUrl(new Uri(instance, "/hub"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true; // one request per connection: what is timed is the close, not the negotiation
            o.Headers["Cookie"] = cookie;
            o.Headers["User-Agent"] = StoreApp.UserAgent;
        })
        .Build();
}
