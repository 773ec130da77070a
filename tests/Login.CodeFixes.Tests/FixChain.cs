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
/// Applies Login's code fixes the way <c>dotnet format analyzers</c> does, to a whole project: for a diagnostic of
/// Login's, the first fix its provider offers, then the project is compiled again (with Login's generator, as a build
/// runs it) and analysed again, until no diagnostic of Login's that has a fix gets one. Which diagnostic goes first is
/// up to the caller (<see cref="Order"/>): a user may fix them in any order, and so may a host.
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

    /// <summary>Applies first fixes until none is offered; returns the project and the titles of the fixes, in order.</summary>
    public static async Task<(Project Project, List<string> Applied)> ApplyAsync(Project project, Order order)
    {
        var applied = new List<string>();
        for (var pass = 0; ; pass++)
        {
            Assert.True(pass < 40, $"still fixing after 40 fixes: {string.Join(" | ", applied)}");
            var next = await FirstFixAsync(project, order);
            if (next is null)
            {
                return (project, applied);
            }

            var (action, diagnostic) = next.Value;
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
            var changed = apply.ChangedSolution.GetProject(project.Id)!;
            var before = await TextsAsync(project);
            var after = await TextsAsync(changed);
            Assert.False(before.SequenceEqual(after), $"'{action.Title}' for {diagnostic.Id} changed nothing");
            applied.Add($"{diagnostic.Id}: {action.Title}");
            project = changed;
        }
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

    private static async Task<(CodeAction Action, Diagnostic Diagnostic)?> FirstFixAsync(Project project, Order order)
    {
        var (login, _, compilation) = await DiagnosticsAsync(project);
        var fileOrder = compilation.SyntaxTrees.Select((tree, index) => (tree, index)).ToDictionary(p => p.tree, p => p.index);
        var fixable = login
            .Where(d => Providers.Any(p => p.FixableDiagnosticIds.Contains(d.Id)) && d.Location.SourceTree is { } tree && project.GetDocument(tree) is not null)
            .OrderBy(d => order == Order.IdsAscending ? d.Id : "")
            .ThenByDescending(d => order == Order.IdsDescending ? d.Id : "")
            .ThenBy(d => fileOrder[d.Location.SourceTree!])
            .ThenBy(d => d.Location.SourceSpan.Start);

        foreach (var diagnostic in fixable)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            var provider = Providers.Single(p => p.FixableDiagnosticIds.Contains(diagnostic.Id));
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            if (actions.Count > 0)
            {
                return (actions[0], diagnostic);
            }
        }

        return null;
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
