using Login.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.CodeFixes.Tests;

/// <summary>
/// The titles of the fixes a provider offers for each of Login's diagnostics in one file, in the order a light bulb
/// lists them: for the tests that say what is offered, and what is not, rather than what one fix does.
/// </summary>
internal static class OfferedFixes
{
    public static async Task<List<string>> TitlesAsync(CodeFixProvider fix, string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "UserApp",
            "UserApp",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: LoginFixTest<UserTypeNotPartialFix>.ParseOptions,
            metadataReferences: LoginFixTest<UserTypeNotPartialFix>.References));
        var document = workspace.AddDocument(project.Id, "Test0.cs", Microsoft.CodeAnalysis.Text.SourceText.From(source));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers([new LoginAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        var titles = new List<string>();
        foreach (var diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start))
        {
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            titles.AddRange(actions.Select(action => action.Title));
        }

        return titles;
    }
}
