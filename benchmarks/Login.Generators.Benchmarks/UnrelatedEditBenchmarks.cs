using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Login.Generators.Benchmarks;

/// <summary>
/// What every keystroke elsewhere costs: a driver that has already run on the app re-runs after a method body and a
/// comment changed in a file with no attributes and no Map calls. The driver is kept from one iteration to the next, so
/// each measured run is incremental against the one before it, exactly as in the IDE.
/// </summary>
[MemoryDiagnoser]
public class UnrelatedEditBenchmarks
{
    private GeneratorDriver withoutGenerators = null!;
    private GeneratorDriver withLogin = null!;
    private GeneratorDriver withRequestDelegateGenerator = null!;
    private CSharpCompilation previous = null!;
    private CSharpCompilation edited = null!;

    // Each benchmark starts from a driver that has run once on the app: the state the IDE is in when the user starts typing.
    [GlobalSetup(Target = nameof(WithoutGenerator))]
    public void SetupWithoutGenerators()
    {
        previous = SyntheticApp.Create();
        withoutGenerators = Drivers.WithoutGenerators().RunGenerators(previous);
    }

    [GlobalSetup(Targets = [nameof(LoginDriverOnly), nameof(WithLogin)])]
    public void SetupWithLogin()
    {
        previous = SyntheticApp.Create();
        withLogin = Drivers.WithLogin().RunGenerators(previous);
    }

    [GlobalSetup(Target = nameof(RequestDelegateGeneratorDriverOnly))]
    public void SetupWithRequestDelegateGenerator()
    {
        previous = SyntheticApp.Create();
        withRequestDelegateGenerator = Drivers.WithRequestDelegateGenerator().RunGenerators(previous);
    }

    // A new tree for the edited file each time (the edit flips back and forth), in a new compilation built from the last one.
    [IterationSetup]
    public void Edit() => edited = SyntheticApp.EditUnrelatedFile(previous);

    [Benchmark(Baseline = true, Description = "No generator: driver + GetDiagnostics")]
    public int WithoutGenerator()
    {
        withoutGenerators = withoutGenerators.RunGeneratorsAndUpdateCompilation(edited, out var output, out _);
        previous = edited;
        return output.GetDiagnostics().Length;
    }

    [Benchmark(Description = "Login: driver only")]
    public int LoginDriverOnly()
    {
        withLogin = withLogin.RunGenerators(edited);
        previous = edited;
        return withLogin.GetRunResult().GeneratedTrees.Length;
    }

    [Benchmark(Description = "RDG: driver only")]
    public int RequestDelegateGeneratorDriverOnly()
    {
        withRequestDelegateGenerator = withRequestDelegateGenerator.RunGenerators(edited);
        previous = edited;
        return withRequestDelegateGenerator.GetRunResult().GeneratedTrees.Length;
    }

    [Benchmark(Description = "Login: driver + GetDiagnostics")]
    public int WithLogin()
    {
        withLogin = withLogin.RunGeneratorsAndUpdateCompilation(edited, out var output, out _);
        previous = edited;
        return output.GetDiagnostics().Length;
    }
}
