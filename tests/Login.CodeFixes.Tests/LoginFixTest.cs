using System.Collections.Immutable;
using Login.Generators;
using Login.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Login.CodeFixes.Tests;

/// <summary>
/// A before/after test of one of Login's code fixes, as a user's project would see it: Login's generator runs (so the
/// fixed code must compile together with what it generates), Login's analyzer reports, and the compiler's errors and
/// warnings on the fixed code fail the test unless expected. Fix-all (document, project, solution) is checked too,
/// against the same fixed code unless a test says otherwise.
/// </summary>
internal sealed class LoginFixTest<TFix> : CSharpCodeFixTest<LoginAnalyzer, TFix, DefaultVerifier>
    where TFix : CodeFixProvider, new()
{
    /// <summary>
    /// The shared frameworks the test process runs on (Microsoft.NETCore.App, Microsoft.AspNetCore.App), which a user's
    /// app compiles against, and Login.Runtime. Nothing is downloaded: the testing library's own reference packages are
    /// not used.
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>As the package's build props set it: the interceptors Login's generator writes live in Login.Generated.</summary>
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse)
        .WithFeatures([new("InterceptorsNamespaces", "Login.Generated")]);

    public LoginFixTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(References);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // A user's app does not generate documentation, so has no "missing XML comment" warnings.
        TestState.DocumentationMode = DocumentationMode.Parse;

        // What the generator writes is Login.Generators.Tests' business (golden files); here it only has to compile.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(LoginGenerator)];

    protected override ParseOptions CreateParseOptions() => ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Login.Runtime.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
