using System.Collections.Concurrent;
using System.Collections.Immutable;
using Login.Generators;
using Login.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators.Tests;

/// <summary>
/// Compiles user code against the real runtime and ASP.NET Core, and runs Login's generator on it, then Login's analyzer
/// on the result, as a build does.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", "Login.Generated")]);

    internal static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserApp",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: i == 0 ? "Program.cs" : $"File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool requestDelegateGenerator = false) =>
        CSharpGeneratorDriver.Create(
            [new LoginGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new BuildProperties(requestDelegateGenerator),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated files added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(CSharpCompilation compilation, bool requestDelegateGenerator = false)
    {
        var driver = CreateDriver(requestDelegateGenerator).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>
    /// What the user would see: Login's diagnostics (from the analyzer; the generator must report none) and the errors
    /// and warnings of the compilation with the generated code.
    /// </summary>
    public static ImmutableArray<Diagnostic> ProblemsAfterGeneration(CSharpCompilation compilation, bool requestDelegateGenerator = false)
    {
        var (result, output) = Run(compilation, requestDelegateGenerator);
        Assert.Empty(result.Diagnostics);
        return [.. Analyze(output, requestDelegateGenerator), .. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
    }

    /// <summary>
    /// Runs Login's analyzer on <paramref name="compilation"/>, as the compiler does after the generators: the diagnostics
    /// left once <c>#pragma</c> suppressions are applied. An exception in the analyzer fails the test.
    /// </summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, bool requestDelegateGenerator = false)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([], new BuildProperties(requestDelegateGenerator)),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation
            .WithAnalyzers([new LoginAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The test process runs on the same shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App)
        // a user's app compiles against, plus Login.Runtime.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Login.Runtime.dll"))
            .Select(p => MetadataReference.CreateFromFile(p))];
    }

    private sealed class BuildProperties(bool requestDelegateGenerator) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(requestDelegateGenerator);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.None;

        private sealed class Options(bool requestDelegateGenerator) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options None = new(false);

            public override bool TryGetValue(string key, out string value)
            {
                value = requestDelegateGenerator ? "true" : "";
                return requestDelegateGenerator && key == "build_property.EnableRequestDelegateGenerator";
            }
        }
    }
}
