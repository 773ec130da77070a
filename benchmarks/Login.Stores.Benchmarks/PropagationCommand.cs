using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>propagation --postgres ADMIN [--logouts N] [--warmup N]</c>: how long a logout on one instance takes to reach
/// another. Two instances (A and B, processes of their own) on one new PostgreSQL database; for every logout: log a
/// user in on A, check that B takes a copy of the session cookie, log out on A, then ask B with the copy until B
/// refuses it (401): at once, then every millisecond or so (a loop of back-to-back requests would take a core from B,
/// on a machine that has two). Latency is from A's logout response (the ending is committed by then) to B's first
/// refusal, and from the moment the logout was sent; each is late by up to one of B's round trips (also reported) plus
/// the time between two requests. A also refuses the copy at once, which is checked.
/// </summary>
internal static partial class PropagationCommand
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string adminConnectionString, int logouts, int warmup)
    {
        var load = LoadAverage.Read();
        var database = await BenchmarkDatabase.CreateAsync(adminConnectionString, "login_propagation");
        await using var a = await AppInstance.StartAsync(database.ConnectionString);
        // B after A: A's start made the key ring, so B uses A's key rather than making one of its own.
        await using var b = await AppInstance.StartAsync(database.ConnectionString);
        Console.WriteLine($"== propagation: instances A (pid {a.ProcessId}) and B (pid {b.ProcessId}) on one PostgreSQL database; " +
            $"{warmup} warm-up logouts, then {logouts:N0} measured; load average {load}");

        for (var i = 0; i < warmup; i++)
        {
            await OnceAsync(a.Address, b.Address, user: i);
        }

        await database.ResetStatementsAsync();
        var clock = Stopwatch.StartNew();
        var samples = new List<Sample>(logouts);
        for (var i = 0; i < logouts; i++)
        {
            samples.Add(await OnceAsync(a.Address, b.Address, user: warmup + i));
        }

        clock.Stop();
        var statements = await database.ReadStatementsAsync();
        Report(samples, clock.Elapsed, statements, LoadAverage.Read());
        return 0;
    }

    private static async Task<Sample> OnceAsync(Uri a, Uri b, int user)
    {
        var cookie = await Http.LoginAsync(a, user);
        var accepted = Stopwatch.GetTimestamp();
        Expect(await Http.GuardedAsync(b, cookie), HttpStatusCode.OK, "B with a copy of a live session cookie from A");
        var roundTrip = Stopwatch.GetElapsedTime(accepted);

        var sent = Stopwatch.GetTimestamp();
        var (status, body, _) = await Http.GetAsync(a, "/logout", cookie);
        var answered = Stopwatch.GetTimestamp();
        if (status != HttpStatusCode.OK || body != StoreApp.Body)
        {
            throw new InvalidOperationException($"logout on A: {(int)status} \"{body}\"");
        }

        var polls = 0;
        while (true)
        {
            var answer = await Http.GuardedAsync(b, cookie);
            polls++;
            if (answer == HttpStatusCode.Unauthorized)
            {
                break;
            }

            Expect(answer, HttpStatusCode.OK, "B with a copy of a session cookie being logged out on A");
            if (Stopwatch.GetElapsedTime(answered) > Bound)
            {
                throw new TimeoutException($"B still took the copy {Bound.TotalSeconds:0} s after the logout on A (user {user})");
            }

            await Task.Delay(1);
        }

        var refused = Stopwatch.GetTimestamp();
        Expect(await Http.GuardedAsync(a, cookie), HttpStatusCode.Unauthorized, "A with a copy of a session cookie it logged out");
        return new Sample(
            Milliseconds(sent, answered), Milliseconds(answered, refused), Milliseconds(sent, refused), roundTrip.TotalMilliseconds, polls);
    }

    private static void Report(List<Sample> samples, TimeSpan elapsed, IReadOnlyList<(long Calls, string Query)> statements, string load)
    {
        var rows = new (string Label, Distribution Values)[]
        {
            ("B refuses the copy, after A's logout response", new(samples.Select(s => s.FromResponse))),
            ("B refuses the copy, after the logout was sent", new(samples.Select(s => s.FromRequest))),
            ("the logout request on A (commit and NOTIFY included)", new(samples.Select(s => s.Logout))),
            ("one guarded request to B (the poll's resolution)", new(samples.Select(s => s.RoundTrip))),
        };
        Console.WriteLine();
        Console.WriteLine("| Milliseconds | p50 | p90 | p99 | max | mean |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, values) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {values.Percentile(50):0.00} | {values.Percentile(90):0.00} | {values.Percentile(99):0.00} | {values.Max:0.00} | {values.Mean:0.00} |"));
        }

        var polls = new Distribution(samples.Select(s => (double)s.Polls));
        var first = samples.Count(s => s.Polls == 1);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{samples.Count:N0} logouts in {elapsed.TotalSeconds:0.0} s; B's requests until refused: median {polls.Percentile(50):0}, max {polls.Max:0}; " +
            $"refused at the first request after the logout response: {first:N0} ({100.0 * first / samples.Count:0.0}%); load average {load}"));
        if (statements.Count == 0)
        {
            return;
        }

        // Two instances, each polling once a second: the polls are part of the totals, as in production.
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Statements the two instances sent during the {elapsed.TotalSeconds:0.0} s of measured logouts (pg_stat_statements; each instance also polls once a second):"));
        Console.WriteLine();
        Console.WriteLine("| Calls | Per logout | Statement |");
        Console.WriteLine("|---:|---:|---|");
        foreach (var (calls, query) in statements)
        {
            var text = Spaces().Replace(query, " ").Trim();
            text = text.Length > 110 ? text[..107] + "..." : text;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {calls:N0} | {(double)calls / samples.Count:0.00} | `{text.Replace("|", "\\|", StringComparison.Ordinal)}` |"));
        }
    }

    private static void Expect(HttpStatusCode got, HttpStatusCode want, string what)
    {
        if (got != want)
        {
            throw new InvalidOperationException($"{what}: expected {(int)want}, got {(int)got}");
        }
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private readonly record struct Sample(double Logout, double FromResponse, double FromRequest, double RoundTrip, int Polls);
}
