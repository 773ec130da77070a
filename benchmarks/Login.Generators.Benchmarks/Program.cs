using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Login.Generators.Benchmarks;

/// <summary>
/// BenchmarkDotNet's command line, plus two switches of ours:
/// <c>--ci</c> runs every benchmark once, in this process (BenchmarkDotNet's dry job on its in-process toolchain), so CI proves
/// the code still runs without paying for a build of BenchmarkDotNet's own project and a cold process per benchmark; the
/// numbers it prints mean nothing.
/// <c>--explain</c> prints, step by step, what the generator redoes after an unrelated edit and where its time goes;
/// <c>--paired [--rounds N] [--warmups N]</c> measures the same benchmarks interleaved in one process (see <see cref="PairedRun"/>).
/// The exit code is not 0 when a benchmark failed, so CI notices.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--explain"))
        {
            StepReport.Print(Console.Out);
            return 0;
        }

        if (args.Contains("--paired"))
        {
            Drivers.Verify(SyntheticApp.Create());
            Drivers.VerifyRequestDelegateGenerator(SyntheticApp.Create());
            PairedRun.Print(Console.Out, rounds: NumberAfter(args, "--rounds") ?? 30, warmups: NumberAfter(args, "--warmups") ?? 40);
            return 0;
        }

        if (!args.Any(a => a is "--list" or "--help" or "-h" or "--info" or "--version"))
        {
            // Once here rather than in every benchmark's setup: the benchmarks measure a generator known to work.
            Drivers.Verify(SyntheticApp.Create());
            Drivers.VerifyRequestDelegateGenerator(SyntheticApp.Create());
        }

        // The machines this runs on are shared and noisy: medians and extremes say more than a mean alone.
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        var ci = args.Contains("--ci");
        if (ci)
        {
            config = config.AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("CI"));
            args = [.. args.Where(a => a != "--ci")];
            if (!args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)))
            {
                // Without a filter BenchmarkDotNet asks which benchmarks to run, and CI has no one to answer.
                args = [.. args, "--filter", "*"];
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        // An empty run is fine for --list or --help, not for CI.
        var failed = (ci && summaries.Count == 0)
            || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
        if (failed)
        {
            Console.Error.WriteLine("Benchmarks failed or none ran: see the log above.");
        }

        return failed ? 1 : 0;
    }

    private static int? NumberAfter(string[] args, string option)
    {
        var at = Array.IndexOf(args, option);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
