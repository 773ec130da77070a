using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Login.Runtime.Benchmarks;

// BenchmarkDotNet's command line, plus --ci: every benchmark once, in this process (BenchmarkDotNet's dry job on its
// in-process toolchain), so CI proves the setups' checks still pass without a build of BenchmarkDotNet's own project
// and a cold process per benchmark; the numbers it prints mean nothing. The exit code is not 0 when a benchmark failed.
// The machines this runs on are shared and noisy: medians and extremes say more than a mean alone.
// --allocations [requests] [row]: the allocations of a few rows by type (AllocationProfile), instead of BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--allocations")
{
    return AllocationProfile.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? args[2] : null);
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
    .AddColumn(new RatioToColumn(nameof(RuntimeBenchmarks.CookieAuthentication), "vs CookieAuth"))
    .AddColumn(new AllocatedOverColumn(nameof(RuntimeBenchmarks.Plain), "Alloc over plain"));
var ci = args.Contains("--ci");
if (ci)
{
    config = config.AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("CI"));
    args = [.. args.Where(a => a != "--ci")];
}

if (!args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a is "--list" or "--help" or "-h" or "--info" or "--version"))
{
    // Without a filter BenchmarkDotNet would ask which class to run, and CI has no one to answer: run both
    // (RuntimeBenchmarks, ColdCookieBenchmarks).
    args = [.. args, "--filter", "*"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(RuntimeBenchmarks).Assembly).Run(args, config).ToList();
var listing = args.Any(a => a is "--list" or "--help" or "-h" or "--info" or "--version");
// An empty run is fine for --list or --help, not otherwise.
var failed = (!listing && summaries.Count == 0)
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
if (failed)
{
    Console.Error.WriteLine("Benchmarks failed or none ran: see the log above.");
}

return failed ? 1 : 0;
