using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Login.Generators.Benchmarks;

/// <summary>
/// The same benchmarks, measured the way a noisy shared machine allows: in one process, round after round, each round
/// running the baseline and both Login variants back to back in a rotating order, and the ratio taken within the round.
/// Load that comes and goes then hits the baseline and the variant alike, where BenchmarkDotNet measures one benchmark
/// after the other, minutes apart. Reported as medians, with the interquartile range of the per-round ratio.
/// </summary>
public static class PairedRun
{
    public static void Print(TextWriter output, int rounds, int warmups)
    {
        output.WriteLine($"{rounds} rounds after {warmups} warm-up rounds, full GC before every measured operation.");
        Report(output, "Full run", rounds, warmups,
        [
            Variant.Of<FullRunBenchmarks>(nameof(FullRunBenchmarks.WithoutGenerator), b => b.Setup(), b => b.FreshCompilation(), b => b.WithoutGenerator()),
            Variant.Of<FullRunBenchmarks>(nameof(FullRunBenchmarks.RequestDelegateGeneratorDriverOnly), b => b.Setup(), b => b.FreshCompilation(), b => b.RequestDelegateGeneratorDriverOnly()),
            Variant.Of<FullRunBenchmarks>(nameof(FullRunBenchmarks.LoginDriverOnly), b => b.Setup(), b => b.FreshCompilation(), b => b.LoginDriverOnly()),
            Variant.Of<FullRunBenchmarks>(nameof(FullRunBenchmarks.WithLogin), b => b.Setup(), b => b.FreshCompilation(), b => b.WithLogin()),
            Variant.Of<FullRunBenchmarks>(nameof(FullRunBenchmarks.WithLoginAndAnalyzer), b => b.Setup(), b => b.FreshCompilation(), b => b.WithLoginAndAnalyzer()),
        ]);
        Report(output, "Unrelated-edit re-run", rounds, warmups,
        [
            Variant.Of<UnrelatedEditBenchmarks>(nameof(UnrelatedEditBenchmarks.WithoutGenerator), b => b.SetupWithoutGenerators(), b => b.Edit(), b => b.WithoutGenerator()),
            Variant.Of<UnrelatedEditBenchmarks>(nameof(UnrelatedEditBenchmarks.RequestDelegateGeneratorDriverOnly), b => b.SetupWithRequestDelegateGenerator(), b => b.Edit(), b => b.RequestDelegateGeneratorDriverOnly()),
            Variant.Of<UnrelatedEditBenchmarks>(nameof(UnrelatedEditBenchmarks.LoginDriverOnly), b => b.SetupWithLogin(), b => b.Edit(), b => b.LoginDriverOnly()),
            Variant.Of<UnrelatedEditBenchmarks>(nameof(UnrelatedEditBenchmarks.WithLogin), b => b.SetupWithLogin(), b => b.Edit(), b => b.WithLogin()),
        ]);
    }

    /// <summary>
    /// Measures <paramref name="variants"/>, the first being the baseline and the second RDG's driver, and prints one
    /// markdown table with each row's ratio to both, taken per round, and the machine's load average before and after.
    /// </summary>
    private static void Report(TextWriter output, string title, int rounds, int warmups, Variant[] variants)
    {
        var loadBefore = LoadAverage();
        foreach (var variant in variants)
        {
            variant.GlobalSetup();
        }

        for (var round = 0; round < warmups; round++)
        {
            foreach (var variant in variants)
            {
                variant.Measure();
            }
        }

        var times = variants.Select(_ => new double[rounds]).ToArray();
        var allocated = variants.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var i = (round + k) % variants.Length;
                (times[i][round], allocated[i][round]) = variants[i].Measure();
            }
        }

        output.WriteLine();
        output.WriteLine($"### {title}");
        output.WriteLine();
        output.WriteLine($"Load average (1, 5, 15 min) before: {loadBefore}; after: {LoadAverage()}.");
        output.WriteLine();
        output.WriteLine("| Benchmark | Median | Min | Max | Ratio to no generator (Q1–Q3) | Ratio to RDG (Q1–Q3) | Allocated |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < variants.Length; i++)
        {
            output.WriteLine($"| {variants[i].Name} | {Quantile(times[i], 0.5):0} ms | {times[i].Min():0} ms | {times[i].Max():0} ms "
                + $"| {RatioTo(times[i], times[0])} | {RatioTo(times[i], times[1])} | {Quantile(allocated[i], 0.5):0.0} MB |");
        }
    }

    /// <summary>The median of the per-round ratios, with their interquartile range.</summary>
    private static string RatioTo(double[] times, double[] baseline)
    {
        var ratios = times.Zip(baseline, (t, b) => t / b).ToArray();
        return $"{Quantile(ratios, 0.5):0.00} ({Quantile(ratios, 0.25):0.00}–{Quantile(ratios, 0.75):0.00})";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>One benchmark method on its own instance of its class, with that class's setups.</summary>
    private sealed class Variant(string name, Action globalSetup, Action iterationSetup, Func<int> run)
    {
        public string Name { get; } = name;

        public Action GlobalSetup { get; } = globalSetup;

        public static Variant Of<T>(string method, Action<T> globalSetup, Action<T> iterationSetup, Func<T, int> run)
            where T : new()
        {
            var benchmarks = new T();
            var description = typeof(T).GetMethod(method)!.GetCustomAttribute<BenchmarkAttribute>()!.Description ?? method;
            return new Variant(description, () => globalSetup(benchmarks), () => iterationSetup(benchmarks), () => run(benchmarks));
        }

        /// <summary>Milliseconds and megabytes allocated (all threads) for one operation.</summary>
        public (double Milliseconds, double Megabytes) Measure()
        {
            iterationSetup();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            GC.KeepAlive(run());
            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            return (elapsed, (GC.GetTotalAllocatedBytes(precise: true) - before) / (1024.0 * 1024.0));
        }
    }
}
