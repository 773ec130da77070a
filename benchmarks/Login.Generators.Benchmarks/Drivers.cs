using Login.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators.Benchmarks;

/// <summary>
/// The drivers the benchmarks compare: Login's generator, ASP.NET Core's Request Delegate Generator (RDG, the yardstick
/// issue 13 sets: a generator of the same kind, binding the same <c>Map</c> calls) and no generator at all.
/// </summary>
public static class Drivers
{
    private static readonly Lazy<ISourceGenerator> RequestDelegateGenerator = new(LoadRequestDelegateGenerator);

    /// <summary>Login's generator, as the compiler hosts it. Step tracking is off unless asked for: the IDE and the build run without it.</summary>
    public static GeneratorDriver WithLogin(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new LoginGenerator().AsSourceGenerator()],
            parseOptions: SyntheticApp.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// RDG as the Web SDK adds it with <c>EnableRequestDelegateGenerator</c>: the analyzer assembly from the
    /// Microsoft.AspNetCore.App.Ref pack of the ASP.NET Core this process runs on.
    /// </summary>
    public static GeneratorDriver WithRequestDelegateGenerator() =>
        CSharpGeneratorDriver.Create([RequestDelegateGenerator.Value], parseOptions: SyntheticApp.ParseOptions);

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

    /// <summary>Fails unless RDG ran on <paramref name="compilation"/> and generated its interceptors: a benchmark of a generator that did nothing measures nothing.</summary>
    public static void VerifyRequestDelegateGenerator(CSharpCompilation compilation)
    {
        var result = WithRequestDelegateGenerator().RunGenerators(compilation).GetRunResult();
        if (result.Results.Single().Exception is { } exception)
        {
            throw new InvalidOperationException("The Request Delegate Generator failed on the synthetic app.", exception);
        }

        var generated = result.GeneratedTrees.Sum(tree => tree.GetText().Lines.Count);
        var intercepts = result.GeneratedTrees.Sum(tree => tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().Count(a => a.Name.ToString().Contains("InterceptsLocation", StringComparison.Ordinal)));
        const int expected = SyntheticApp.Handlers - SyntheticApp.RequestDelegateHandlers;
        if (intercepts < expected)
        {
            throw new InvalidOperationException($"Expected the Request Delegate Generator to intercept the {expected} Map calls with a Delegate handler; it intercepted {intercepts} ({generated} lines generated).");
        }
    }

    private static ISourceGenerator LoadRequestDelegateGenerator()
    {
        // shared/Microsoft.AspNetCore.App/<version>/ → packs/Microsoft.AspNetCore.App.Ref/<version>/analyzers/dotnet/cs/
        var framework = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(framework, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.AspNetCore.App.Ref");
        var version = Path.GetFileName(framework);
        var pack = Directory.Exists(Path.Combine(packs, version))
            ? Path.Combine(packs, version)
            : Directory.Exists(packs) ? Directory.GetDirectories(packs).OrderBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version()).LastOrDefault() : null;
        var path = pack is null ? null : Path.Combine(pack, "analyzers", "dotnet", "cs", "Microsoft.AspNetCore.Http.RequestDelegateGenerator.dll");
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"The Request Delegate Generator is not where the .NET SDK puts it ({packs}/<version>/analyzers/dotnet/cs): the benchmarks compare Login's generator with it.");
        }

        var generator = System.Reflection.Assembly.LoadFrom(path).GetTypes()
            .Single(type => typeof(IIncrementalGenerator).IsAssignableFrom(type) && type.GetCustomAttributes(typeof(GeneratorAttribute), inherit: false).Length > 0);
        return ((IIncrementalGenerator)Activator.CreateInstance(generator)!).AsSourceGenerator();
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
