using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Login.Generators.Benchmarks;

/// <summary>
/// A cold run, as a build or an IDE opening the solution does it: a compilation nothing has been bound in yet, a driver
/// with no history. The baseline is the compiler's own work on the same compilation with no generator.
/// </summary>
[MemoryDiagnoser]
public class FullRunBenchmarks
{
    private CSharpCompilation parsed = null!;
    private CSharpCompilation compilation = null!;

    [GlobalSetup]
    public void Setup() => parsed = SyntheticApp.Create();

    // Same trees (parsing is not measured), fresh symbols: nothing is left bound from the previous iteration.
    [IterationSetup]
    public void FreshCompilation() => compilation = parsed.Clone();

    [Benchmark(Baseline = true, Description = "No generator: driver + GetDiagnostics")]
    public int WithoutGenerator()
    {
        Drivers.WithoutGenerators().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output.GetDiagnostics().Length;
    }

    [Benchmark(Description = "Login: driver only")]
    public int LoginDriverOnly() =>
        Drivers.WithLogin().RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;

    // The yardstick: ASP.NET Core's own generator of the same kind, on the same Map calls.
    [Benchmark(Description = "RDG: driver only")]
    public int RequestDelegateGeneratorDriverOnly() =>
        Drivers.WithRequestDelegateGenerator().RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "Login: driver + GetDiagnostics")]
    public int WithLogin()
    {
        Drivers.WithLogin().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output.GetDiagnostics().Length;
    }

    // What a build pays in all: the generator, then the compiler's and Login's analyzer's diagnostics of its output.
    [Benchmark(Description = "Login: driver + GetDiagnostics + analyzer")]
    public int WithLoginAndAnalyzer()
    {
        Drivers.WithLogin().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return Drivers.DiagnosticsWithAnalyzer(output).Count;
    }
}
