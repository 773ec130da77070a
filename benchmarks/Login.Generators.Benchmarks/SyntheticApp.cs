using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Benchmarks;

/// <summary>
/// A web app of the size the issue asks for: one <c>[LoginUser]</c> type with its <c>[UserLoader]</c>, 1,000 guarded
/// handlers in 20 route files of 50, and unrelated files (services with ordinary method bodies) for the user to edit.
/// </summary>
public static class SyntheticApp
{
    public const int RouteFiles = 20;
    public const int HandlersPerFile = 50;
    public const int Handlers = RouteFiles * HandlersPerFile;
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

    private static string Routes(int file)
    {
        var text = new StringBuilder($$"""
            using Login;

            namespace SyntheticApp;

            public static class Routes{{file:00}}
            {
                public static void Map(IEndpointRouteBuilder app)
                {

            """);
        for (var i = file * HandlersPerFile; i < (file + 1) * HandlersPerFile; i++)
        {
            text.AppendLine($$"""        app.MapGet("/r{{i}}", [LoginRequired] (User user) => $"r{{i}}: {user.Id}");""");
        }

        return text.Append("""
                }
            }
            """).ToString();
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
