// The session-store measurements of issue 11 (docs/benchmarks.md). benchmarks/stores/run.sh starts a private PostgreSQL
// cluster and passes its superuser connection string (ADMIN); each measurement makes a database of its own in it.
//   propagation --postgres ADMIN [--logouts 1000] [--warmup 50]   a logout on instance A, refused by instance B after …
//   ended-families [--postgres ADMIN] [--count 1000000[,…]]       what an instance holds for ended logins, and learns them in …
//   hub-propagation --postgres ADMIN [--logouts 200] [--warmup 20] a logout on instance A closes a hub connection on B after …
//   connection-memory [--connections 1000]                         the managed memory Login adds per open hub connection
//   ended-memory [--count 1000000]                                 bytes per ended login in memory, against the structures replaced
//   --ci --postgres ADMIN                                          both, briefly: proves they still run (numbers meaningless)
// It also runs itself, for what must be another process: serve --postgres CS (an app instance) and measure-instance
// (a fresh heap to measure). Exits non-zero when a check fails: a copy not refused, a live login not served.
using System.Globalization;
using Login.Stores.Benchmarks;

try
{
    return args.FirstOrDefault() switch
    {
        "propagation" => await PropagationCommand.RunAsync(Required("--postgres"), Number("--logouts", 1000), Number("--warmup", 50)),
        "hub-propagation" => await HubPropagationCommand.RunAsync(Required("--postgres"), Number("--logouts", 200), Number("--warmup", 20)),
        "connection-memory" => await ConnectionMemoryCommand.RunAsync(Number("--connections", 1000)),
        "ended-memory" => await EndedMemoryCommand.RunAsync(Number("--count", 1_000_000)),
        "ended-families" => await EndedFamiliesCommand.RunAsync(Option("--postgres"), Numbers("--count", 1_000_000)),
        "--ci" => await RunCiAsync(Required("--postgres")),
        "serve" => await ServeCommand.RunAsync(Required("--postgres")),
        "measure-instance" when args.Contains("--memory") => await MeasureInstanceCommand.RunInMemoryAsync(Number("--count", 1_000_000)),
        "measure-instance" => await MeasureInstanceCommand.RunPostgreSqlAsync(Required("--postgres"), Required("--marker")),
        _ => Usage(),
    };
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or ArgumentException)
{
    Console.Error.WriteLine($"STORE BENCHMARK FAILED: {e.Message}");
    return 1;
}

static async Task<int> RunCiAsync(string admin)
{
    var status = await PropagationCommand.RunAsync(admin, logouts: 5, warmup: 2);
    status = status != 0 ? status : await HubPropagationCommand.RunAsync(admin, logouts: 5, warmup: 2);
    status = status != 0 ? status : await ConnectionMemoryCommand.RunAsync(connections: 20);
    status = status != 0 ? status : await EndedMemoryCommand.RunAsync(count: 10_000);
    return status != 0 ? status : await EndedFamiliesCommand.RunAsync(admin, [10_000]);
}

int Usage()
{
    Console.Error.WriteLine("usage: propagation --postgres ADMIN [--logouts N] [--warmup N] | hub-propagation --postgres ADMIN [--logouts N] [--warmup N] | connection-memory [--connections N] | ended-memory [--count N] | ended-families [--postgres ADMIN] [--count N[,N...]] | --ci --postgres ADMIN");
    return 2;
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

string Required(string name) => Option(name) ?? throw new ArgumentException($"{name} is required");

int[] Numbers(string name, int fallback) =>
    Option(name) is { } text ? [.. text.Split(',').Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture))] : [fallback];

int Number(string name, int fallback) =>
    Option(name) is { } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
