using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Benchmarks;

/// <summary>
/// A web app of the size the issue asks for: one <c>[LoginUser]</c> type with its <c>[UserLoader]</c>, 1,000 guarded
/// handlers in 20 route files of 50 in the shapes real apps write (issue 20: method groups, groups, chains, Map,
/// MapMethods, named arguments, lambdas), and unrelated files (services with ordinary method bodies) for the user to edit.
/// </summary>
public static class SyntheticApp
{
    public const int RouteFiles = 20;
    public const int HandlersPerFile = 50;
    public const int Handlers = RouteFiles * HandlersPerFile;

    /// <summary>The handlers that are <c>RequestDelegate</c>s, one a file: Login guards them, RDG does not intercept them.</summary>
    public const int RequestDelegateHandlers = RouteFiles;
    public const int UnrelatedFiles = 10;

    /// <summary>The unrelated file the edit benchmarks change, and the two bodies they alternate between.</summary>
    public const string EditedPath = "Services/Service00.cs";
    private const string Body = "return x * 2 + Offset;";
    private const string EditedBody = "return x + x + Offset; // edited";

    /// <summary>
    /// What the Web SDK and Login's build props give a real project: preview features and the interceptor namespaces,
    /// Login's and the one the Web SDK adds for the Request Delegate Generator, which the benchmarks compare with.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", "Login.Generated;Microsoft.AspNetCore.Http.Generated")]);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>A new compilation of the app: parsed, nothing bound yet.</summary>
    public static CSharpCompilation Create() =>
        CSharpCompilation.Create(
            "SyntheticApp",
            Sources().Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, path: source.Path, encoding: Encoding.UTF8)),
            References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The same compilation after the user edited a method body and a comment in <see cref="EditedPath"/>: a new tree from an
    /// incremental reparse, as the IDE makes one. Called repeatedly, it flips between the original body and the edited one.
    /// </summary>
    public static CSharpCompilation EditUnrelatedFile(CSharpCompilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == EditedPath);
        var text = tree.GetText();
        var source = text.ToString();
        var (from, to) = source.Contains(Body, StringComparison.Ordinal) ? (Body, EditedBody) : (EditedBody, Body);
        var start = source.IndexOf(from, StringComparison.Ordinal);
        var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(start, from.Length), to)));
        return compilation.ReplaceSyntaxTree(tree, edited);
    }

    private static IEnumerable<(string Path, string Text)> Sources()
    {
        yield return ("GlobalUsings.g.cs", GlobalUsings);
        yield return ("Program.cs", Program());
        yield return ("User.cs", User);
        for (var file = 0; file < RouteFiles; file++)
        {
            yield return ($"Routes/Routes{file:00}.cs", Routes(file));
        }

        for (var file = 0; file < UnrelatedFiles; file++)
        {
            yield return ($"Services/Service{file:00}.cs", Service(file));
        }
    }

    // What Microsoft.NET.Sdk.Web's implicit usings generate.
    private const string GlobalUsings = """
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private const string User = """
        using Login;

        namespace SyntheticApp;

        [LoginUser]
        public partial class User
        {
            public required string Id { get; init; }

            public string? DisplayName { get; init; }
        }

        public static class Users
        {
            [UserLoader]
            public static User? Load(string id) => id.Length > 0 ? new User { Id = id } : null;
        }
        """;

    private static string Program()
    {
        var text = new StringBuilder("""
            using Login;
            using SyntheticApp;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddLogin();
            var app = builder.Build();
            app.UseLogin();

            """);
        for (var file = 0; file < RouteFiles; file++)
        {
            text.AppendLine($"Routes{file:00}.Map(app);");
        }

        return text.AppendLine("app.Run();").ToString();
    }

    /// <summary>
    /// One route file of 50 handlers in the shapes organised APIs write, in these proportions: 26 method groups naming
    /// static methods of the file's handler class (on the app, on a group local, at the end of a MapGroup chain, one
    /// passed to Map), 18 lambdas on the app, 3 lambdas at the end of a chain, one MapMethods, one call with named
    /// arguments, and one RequestDelegate (a lambda of one HttpContext, which RDG leaves alone). Even files map on the
    /// WebApplication, odd ones on an IEndpointRouteBuilder.
    /// </summary>
    private static string Routes(int file)
    {
        var receiver = file % 2 == 0 ? "WebApplication" : "IEndpointRouteBuilder";
        var text = new StringBuilder($$"""
            using Login;

            namespace SyntheticApp;

            public static class Routes{{file:00}}
            {
                public static void Map({{receiver}} app)
                {
                    var group = app.MapGroup("/g{{file:00}}");

            """);
        var handlers = new StringBuilder($$"""

            public static class Handlers{{file:00}}
            {

            """);
        for (var i = file * HandlersPerFile; i < (file + 1) * HandlersPerFile; i++)
        {
            var line = (i % HandlersPerFile) switch
            {
                < 10 => $$"""group.MapGet("/h{{i}}", Handlers{{file:00}}.H{{i}});""",
                < 20 => $$"""app.MapPost("/h{{i}}/{id}", Handlers{{file:00}}.H{{i}});""",
                < 25 => $$"""app.MapGroup("/c{{file:00}}").WithTags("c{{file:00}}").MapPut("/h{{i}}", Handlers{{file:00}}.H{{i}});""",
                < 28 => $$"""app.MapGroup("/d{{file:00}}").MapDelete("/r{{i}}/{id}", [LoginRequired] (int id, User user) => $"r{{i}}: {id} {user.Id}");""",
                28 => $$"""app.Map("/m{{i}}", Handlers{{file:00}}.H{{i}});""",
                29 => $$"""app.MapMethods("/r{{i}}", ["GET", "HEAD"], [LoginRequired] (User user) => $"r{{i}}: {user.Id}");""",
                30 => $$"""app.MapGet(pattern: "/r{{i}}", handler: [LoginRequired] (User user) => $"r{{i}}: {user.Id}");""",
                31 => $$"""app.MapGet("/r{{i}}", [LoginRequired] async (HttpContext context) => { await context.Response.WriteAsync("r{{i}}"); });""",
                _ => $$"""app.MapGet("/r{{i}}", [LoginRequired] (User user) => $"r{{i}}: {user.Id}");""",
            };
            text.AppendLine("        " + line);
            if (line.Contains($"Handlers{file:00}.H{i})", StringComparison.Ordinal))
            {
                handlers.AppendLine(i % 3 == 1
                    ? $$"""    [LoginRequired] public static string H{{i}}(int id, User user) => $"h{{i}}: {id} {user.Id}";"""
                    : $$"""    [LoginRequired] public static string H{{i}}(User user) => $"h{{i}}: {user.Id}";""");
            }
        }

        return text.Append("""
                }
            }

            """).Append(handlers).Append('}').ToString();
    }

    private static string Service(int file) => $$"""
        namespace SyntheticApp.Services;

        /// <summary>Code the generator has no business with.</summary>
        public sealed class Service{{file:00}}(ILogger<Service{{file:00}}> logger)
        {
            private const int Offset = {{file}};

            public static int Twice(int x)
            {
                {{Body}}
            }

            public IReadOnlyList<string> Names(IEnumerable<int> ids) =>
                ids.Where(id => id % 2 == 0).Select(id => $"name-{id + Offset}").OrderBy(name => name, StringComparer.Ordinal).ToList();

            public async Task<int> SumAsync(IAsyncEnumerable<int> values, CancellationToken cancellationToken)
            {
                var sum = 0;
                await foreach (var value in values.WithCancellation(cancellationToken))
                {
                    sum += Twice(value);
                }

                logger.LogInformation("Summed {Count} to {Sum}", Offset, sum);
                return sum;
            }

            public Dictionary<string, int> Index(string[] words)
            {
                var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (var word in words)
                {
                    index[word] = index.TryGetValue(word, out var count) ? count + 1 : 1;
                }

                return index;
            }
        }
        """;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The process runs on the shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App) a web app compiles
        // against, and has Login.Runtime beside it.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        if (!paths.Any(p => Path.GetFileName(p) == "Login.Runtime.dll"))
        {
            // Checked here because BenchmarkDotNet runs the benchmarks in a process of its own making.
            throw new InvalidOperationException("Login.Runtime.dll is not among the trusted platform assemblies: the app would not see Login's attributes.");
        }

        return [.. paths
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Login.Runtime.dll"))
            .Select(p => MetadataReference.CreateFromFile(p))];
    }
}
