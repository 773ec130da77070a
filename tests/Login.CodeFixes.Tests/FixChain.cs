using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using Login.Generators;
using Login.Generators.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Login.CodeFixes.Tests;

/// <summary>
/// Applies Login's code fixes the way <c>dotnet format analyzers</c> does, to a whole project, one diagnostic id per pass
/// (see <see cref="ApplyAsync"/>); after each pass the project is compiled again (with Login's generator, as a build runs
/// it) and analysed again, until no pass changes anything. Which id goes first is up to the caller (<see cref="Order"/>):
/// a user may run the passes in any order.
/// </summary>
public static class FixChain
{
    public enum Order
    {
        /// <summary>LOGIN001 before LOGIN002 before LOGIN004..., each in the project's order of files, then position.</summary>
        IdsAscending,

        /// <summary>LOGIN007 before LOGIN005 before LOGIN004...: the other way round.</summary>
        IdsDescending,
    }

    /// <summary>The fixes the package ships, as <c>dotnet format</c> finds them in its analyzers folder.</summary>
    public static readonly ImmutableArray<CodeFixProvider> Providers =
    [
        new UserTypeNotPartialFix(),
        new UserTypeHasNoIdFix(),
        new UserTypeHasNoLoaderFix(),
        new LoaderSignatureUnusableFix(),
        new UserParameterOnUnguardedHandlerFix(),
    ];

    /// <summary>A project of the given files, with Login's generator as an analyzer reference and the test process's references.</summary>
    public static Project CreateProject(AdhocWorkspace workspace, string name, IEnumerable<(string Path, string Source)> files)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            name,
            name,
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: LoginFixTest<UserTypeNotPartialFix>.ParseOptions,
            metadataReferences: LoginFixTest<UserTypeNotPartialFix>.References,
            analyzerReferences: [new GeneratorReference()]));
        foreach (var (path, source) in files)
        {
            project = workspace.AddDocument(project.Id, path, SourceText.From(source)).Project;
        }

        return project;
    }

    /// <summary>
    /// Runs <c>dotnet format analyzers --diagnostics ID</c> passes until none changes anything, and returns the project and
    /// what each pass applied. A pass does what dotnet format's <c>SolutionCodeFixApplier</c> does: it takes the first
    /// diagnostic of the id, the first fix its provider offers for it, and has the provider's fix-all provider apply the fix
    /// of that fix's equivalence key to every diagnostic of the id in the solution.
    /// </summary>
    public static async Task<(Project Project, List<string> Applied)> ApplyAsync(Project project, Order order)
    {
        var applied = new List<string>();
        for (var pass = 0; ; pass++)
        {
            Assert.True(pass < 30, $"still fixing after 30 passes: {string.Join(" | ", applied)}");
            var (login, _, compilation) = await DiagnosticsAsync(project);
            var fileOrder = compilation.SyntaxTrees.Select((tree, index) => (tree, index)).ToDictionary(p => p.tree, p => p.index);
            var ids = login.Select(d => d.Id).Distinct().Where(id => Providers.Any(p => p.FixableDiagnosticIds.Contains(id)));
            ids = order == Order.IdsAscending ? ids.Order(StringComparer.Ordinal) : ids.OrderDescending(StringComparer.Ordinal);

            var changed = false;
            foreach (var id in ids)
            {
                var ofId = login
                    .Where(d => d.Id == id && d.Location.SourceTree is { } tree && project.GetDocument(tree) is not null)
                    .OrderBy(d => fileOrder[d.Location.SourceTree!])
                    .ThenBy(d => d.Location.SourceSpan.Start)
                    .ToImmutableArray();
                if (ofId.IsEmpty)
                {
                    continue;
                }

                var provider = Providers.Single(p => p.FixableDiagnosticIds.Contains(id));
                var document = project.GetDocument(ofId[0].Location.SourceTree)!;
                CodeAction? first = null;
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, ofId[0], (action, _) => first ??= action, CancellationToken.None));
                if (first is null)
                {
                    continue;
                }

                var fixAll = provider.GetFixAllProvider()!;
                Assert.Contains(FixAllScope.Solution, fixAll.GetSupportedFixAllScopes());
                var fixAllAction = await fixAll.GetFixAsync(new FixAllContext(
                    document, provider, FixAllScope.Solution, first.EquivalenceKey, [id], new Found(project, ofId), CancellationToken.None));
                Assert.NotNull(fixAllAction);
                var operations = await fixAllAction.GetOperationsAsync(CancellationToken.None);
                var fixedProject = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetProject(project.Id)!;
                if (!(await TextsAsync(project)).SequenceEqual(await TextsAsync(fixedProject)))
                {
                    applied.Add($"{id}: {first.Title} [{first.EquivalenceKey}]");
                    project = fixedProject;
                    changed = true;
                    break;
                }
            }

            if (!changed)
            {
                return (project, applied);
            }
        }
    }

    /// <summary>The diagnostics of the pass, as dotnet format hands its analysis result to the fix-all provider.</summary>
    private sealed class Found(Project project, ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project forProject, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(forProject, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree is { } tree && document.Project.GetDocument(tree)?.Id == document.Id).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project forProject, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(forProject.Id == project.Id ? diagnostics : []);
    }

    /// <summary>Login's diagnostics in the user's files (not in generated ones) and the compiler's, with the generator run.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Login, ImmutableArray<Diagnostic> Compiler, Compilation Compilation)> DiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var analyzed = compilation.WithAnalyzers([new LoginAnalyzer()], new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var login = await analyzed.GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(login, d => d.Id == "AD0001");
        return (login, compilation.GetDiagnostics(), compilation);
    }

    private static async Task<List<string>> TextsAsync(Project project)
    {
        var texts = new List<string>();
        foreach (var document in project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            texts.Add((await document.GetTextAsync()).ToString());
        }

        return texts;
    }

    /// <summary>
    /// Emits the fixed project and starts its <c>App.StartAsync(configure)</c> on a test server, in a load context of its
    /// own (Login.Runtime and ASP.NET Core are shared with the test, so its types are the test's).
    /// </summary>
    public static async Task<WebApplication> StartAsync(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        var assembly = new AssemblyLoadContext(compilation.AssemblyName + Guid.NewGuid().ToString("N")).LoadFromStream(image);
        var start = assembly.GetTypes().Single(t => t.Name == "App").GetMethod("StartAsync", BindingFlags.Public | BindingFlags.Static)!;
        Action<WebApplicationBuilder> configure = builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        };
        return await (Task<WebApplication>)start.Invoke(null, [configure])!;
    }

    /// <summary>
    /// The app's guarded page, as a browser sees it: anonymous, it is not served (Login sends the visitor to log in); after
    /// <c>GET /login/{email}</c> with that login's cookies, it is, to that user.
    /// </summary>
    public static async Task AnswersItsGuardedPageAsync(WebApplication app, string email)
    {
        var client = app.GetTestClient();
        using (var anonymous = await client.GetAsync("/me"))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        }

        using var login = await client.GetAsync($"/login/{email}");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("logged in", await login.Content.ReadAsStringAsync());
        var cookies = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        Assert.NotEmpty(cookies);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        using var me = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal($"hello {email}", await me.Content.ReadAsStringAsync());
    }

    /// <summary>Login's generator, as the package's analyzers folder gives it to a project.</summary>
    private sealed class GeneratorReference : AnalyzerReference
    {
        public override string? FullPath => null;

        public override object Id => typeof(LoginGenerator);

        public override string Display => "Login.Generators";

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => [];

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => [];

        private static readonly ISourceGenerator Generator = new LoginGenerator().AsSourceGenerator();

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => [Generator];

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => [Generator];
    }
}
