using Login.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators.Benchmarks;

/// <summary>The two drivers every benchmark compares: one with Login's generator, one with no generator at all.</summary>
public static class Drivers
{
    /// <summary>Login's generator, as the compiler hosts it. Step tracking is off unless asked for: the IDE and the build run without it.</summary>
    public static GeneratorDriver WithLogin(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new LoginGenerator().AsSourceGenerator()],
            parseOptions: SyntheticApp.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The same host with nothing to run: what the compilation costs without us.</summary>
    public static GeneratorDriver WithoutGenerators() =>
        CSharpGeneratorDriver.Create([], parseOptions: SyntheticApp.ParseOptions);

    /// <summary>
    /// The compiler's diagnostics of <paramref name="output"/> (the app with the generated code) and Login's analyzer's,
    /// as a build computes them after running the generators.
    /// </summary>
    public static IReadOnlyList<Diagnostic> DiagnosticsWithAnalyzer(Compilation output) =>
        output.WithAnalyzers([new LoginAnalyzer()]).GetAllDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Fails unless the generator did its job on <paramref name="compilation"/>: every handler intercepted, nothing
    /// reported by the generator or the analyzer, and the app with the generated code compiles clean. A benchmark of a
    /// broken generator measures nothing.
    /// </summary>
    public static void Verify(CSharpCompilation compilation)
    {
        Fail("without the generator", compilation.GetDiagnostics());

        WithLogin().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var reported);
        Fail("from the generator", reported);
        Fail("with the generated code", output.GetDiagnostics());
        Fail("from the analyzer", DiagnosticsWithAnalyzer(output).Where(d => d.Id.StartsWith("LOGIN", StringComparison.Ordinal) || d.Id == "AD0001"));

        // Asked of the compiler rather than read off the generated text, which is the emitter's business.
        var intercepted = 0;
        foreach (var tree in output.SyntaxTrees.Where(t => t.FilePath.StartsWith("Routes/", StringComparison.Ordinal)))
        {
            var model = output.GetSemanticModel(tree);
            intercepted += tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Count(call => model.GetInterceptorMethod(call) is not null);
        }

        if (intercepted != SyntheticApp.Handlers)
        {
            throw new InvalidOperationException($"Expected the generator to intercept all {SyntheticApp.Handlers} handlers; it intercepted {intercepted}.");
        }
    }

    private static void Fail(string when, IEnumerable<Diagnostic> diagnostics)
    {
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(5).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The synthetic app has problems {when}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
    }
}
