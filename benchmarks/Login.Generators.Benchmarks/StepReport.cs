using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Benchmarks;

/// <summary>
/// Not a benchmark: one tracked run of the generator on the synthetic app, then 40 unrelated edits, printing for
/// every tracked step how its outputs were produced (New, Cached, Unchanged, Modified) and how long it took. The
/// benchmarks say how much an edit costs; this says which steps it is spent in.
/// </summary>
public static class StepReport
{
    // Roslyn's code needs some 30 runs in a process before tiered JIT and dynamic PGO settle; before that, times fall run by run.
    private const int WarmUps = 30;
    private const int Measured = 10;

    public static void Print(TextWriter output)
    {
        Drivers.Verify(SyntheticApp.Create());

        var compilation = SyntheticApp.Create();
        var driver = Drivers.WithLogin(trackSteps: true).RunGenerators(compilation);
        output.WriteLine($"Full run on a fresh compilation (the process's first, so its time is cold): generator {Format(driver.GetTimingInfo().ElapsedTime)}");
        PrintSteps(output, driver);

        var reruns = new List<TimeSpan>();
        for (var edit = 0; edit < WarmUps + Measured; edit++)
        {
            compilation = SyntheticApp.EditUnrelatedFile(compilation);
            driver = driver.RunGenerators(compilation);
            reruns.Add(driver.GetTimingInfo().ElapsedTime);
        }

        output.WriteLine();
        output.WriteLine($"Re-run after an edit in {SyntheticApp.EditedPath}, median of the last {Measured} of {WarmUps + Measured} edits: "
            + $"generator {Format(Median(reruns.Skip(WarmUps)))}; last edit:");
        PrintSteps(output, driver);

        output.WriteLine();
        output.WriteLine($"For scale, on fresh compilations (median of {Measured} after {WarmUps} warm-ups):");
        output.WriteLine($"  binding the {SyntheticApp.Handlers} Map calls one by one (SemanticModel.GetOperation): "
            + $"{Format(Measure(c => BindMapCalls(c, static (model, call) => model.GetOperation(call))))}");
        output.WriteLine($"  the same with SemanticModel.GetSymbolInfo: {Format(Measure(c => BindMapCalls(c, static (model, call) => model.GetSymbolInfo(call))))}");
        output.WriteLine($"  GetDiagnostics of the whole app without generators: {Format(Measure(c => c.GetDiagnostics()))}");
        output.WriteLine($"  the same with Login's analyzer (CompilationWithAnalyzers.GetAllDiagnosticsAsync): {Format(Measure(c => Drivers.DiagnosticsWithAnalyzer(c)))}");
        output.WriteLine($"  the same on one thread (concurrentBuild: false): "
            + $"{Format(Measure(c => c.WithOptions(c.Options.WithConcurrentBuild(false)).GetDiagnostics()))}");
    }

    private static void PrintSteps(TextWriter output, GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        output.WriteLine($"  {"step",-56} {"outputs",7} {"time",10}  reasons");
        foreach (var (name, runs) in result.TrackedSteps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var outputs = runs.SelectMany(run => run.Outputs).ToList();
            var reasons = outputs.GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            var time = runs.Aggregate(TimeSpan.Zero, (sum, run) => sum + run.ElapsedTime);
            output.WriteLine($"  {name,-56} {outputs.Count,7} {Format(time),10}  {string.Join(", ", reasons)}");
        }
    }

    // What the guarded-call step's transform does for each candidate: bind the call and its lambda.
    private static void BindMapCalls(CSharpCompilation compilation, Func<SemanticModel, InvocationExpressionSyntax, object?> bind)
    {
        foreach (var tree in compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith("Routes/", StringComparison.Ordinal)))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                bind(model, call);
            }
        }
    }

    private static TimeSpan Measure(Action<CSharpCompilation> work)
    {
        var parsed = SyntheticApp.Create();
        var times = new List<TimeSpan>();
        for (var i = 0; i < WarmUps + Measured; i++)
        {
            var compilation = parsed.Clone();
            var stopwatch = Stopwatch.StartNew();
            work(compilation);
            times.Add(stopwatch.Elapsed);
        }

        return Median(times.Skip(WarmUps));
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Format(TimeSpan time) => $"{time.TotalMilliseconds:0.0} ms";
}
