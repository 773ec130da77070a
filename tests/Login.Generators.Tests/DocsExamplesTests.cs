using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Login.Generators.Tests;

/// <summary>
/// The C# in docs/ that claims to be a whole file or app is taken out of the markdown, compiled with Login's generator and
/// analyzer as a build does, and the apps with an HTTP walk-through are run on Kestrel and walked (issue 19: "Docs run").
/// A block is marked in the markdown by the comment line before it:
/// <c>&lt;!-- docs-app: app/File.cs --&gt;</c> (several blocks of one file are joined in order), and
/// <c>&lt;!-- docs-app-include: app/File.cs README.md tour-file User.cs --&gt;</c> takes a file from the README's tour.
/// </summary>
public partial class DocsExamplesTests
{
    private static readonly string Root = RepositoryRoot();

    public static TheoryData<string> Apps() => [.. DocsApps.Read(Root).Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_whole_app_in_the_docs_is_marked_so_it_is_built()
    {
        var unmarked = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                // A whole app: it builds the app and runs it (the step-by-step fragments of getting-started.md do neither alone).
                var block = lines.Skip(i + 1).Take(end - i - 1).ToList();
                var whole = block.Any(l => l.Contains("WebApplication.CreateBuilder", StringComparison.Ordinal))
                    && block.Any(l => l.Contains("app.Run", StringComparison.Ordinal));
                var marked = i > 0 && lines[i - 1].StartsWith("<!-- docs-app", StringComparison.Ordinal);
                if (whole && !marked)
                {
                    unmarked.Add($"{Path.GetFileName(file)}:{i + 1}");
                }

                i = end;
            }
        }

        Assert.Empty(unmarked);
        Assert.Contains("flask", DocsApps.Read(Root).Keys);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_app_builds_with_no_errors_and_no_warnings(string app)
    {
        var (_, problems) = Build(app);

        Assert.Empty(problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task The_Flask_Login_comparison_app_runs_its_walk_through_over_HTTP()
    {
        var (compilation, problems) = Build("flask");
        Assert.Empty(problems.Select(p => p.ToString()));
        await using var running = await RunningApp.StartAsync(compilation);
        using var client = running.Client();

        var anonymous = await client.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, anonymous.StatusCode);
        Assert.Equal("/login?next=%2Fsecret", anonymous.Headers.Location?.OriginalString);

        var form = await client.GetStringAsync("/login?next=%2Fsecret");
        var token = TokenField().Match(form);
        Assert.True(token.Success, form);
        var wrong = await client.PostAsync("/login?next=%2Fsecret", Form(token, "wrong password"));
        Assert.Equal(HttpStatusCode.Found, wrong.StatusCode);
        Assert.Equal("/login?next=%2Fsecret", wrong.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Found, (await client.GetAsync("/secret")).StatusCode);

        var right = await client.PostAsync("/login?next=%2Fsecret", Form(token, "correct horse"));
        Assert.Equal(HttpStatusCode.Found, right.StatusCode);
        Assert.Equal("/secret", right.Headers.Location?.OriginalString);
        Assert.Equal("Logged in as 1", await client.GetStringAsync("/secret"));

        static FormUrlEncodedContent Form(Match token, string password) => new(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["next"] = "/secret",
            ["email"] = "ada@example.com",
            ["password"] = password,
        });
    }

    [GeneratedRegex("""name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)""")]
    private static partial Regex TokenField();

    /// <summary>The app's files compiled as an executable on Login's runtime, the generator run as a build runs it.</summary>
    private static (Compilation Compilation, IReadOnlyList<Diagnostic> Problems) Build(string app)
    {
        var files = DocsApps.Read(Root)[app];
        var executable = files.ContainsKey("Program.cs");
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(f.Value, GeneratorHarness.ParseOptions, path: f.Key))
            .Append(CSharpSyntaxTree.ParseText(WebSdkImplicitUsings, GeneratorHarness.ParseOptions, path: "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            "DocsApp_" + app.Replace('-', '_'),
            trees,
            References,
            new CSharpCompilationOptions(
                executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        var (result, output) = GeneratorHarness.Run(compilation);
        Assert.Empty(result.Diagnostics);
        var problems = GeneratorHarness.Analyze(output)
            .Concat(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
            .ToList();
        return (output, problems);
    }

    // The generator tests' references (the shared frameworks' System.*, Microsoft.AspNetCore.*, Microsoft.Extensions.*, and
    // Login.Runtime), and what else of Microsoft.AspNetCore.App an app compiles against.
    private static readonly ImmutableArray<MetadataReference> References = [.. GeneratorHarness.References,
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "Microsoft.Net.Http.Headers.dll" or "Microsoft.JSInterop.dll")
            .Select(p => MetadataReference.CreateFromFile(p))];

    // What the Web SDK's ImplicitUsings adds to every file of a `dotnet new web` app.
    private const string WebSdkImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>The marked blocks of docs/*.md, by app, then by file name.</summary>
    private static class DocsApps
    {
        private static readonly Regex Marker = new(@"^<!-- docs-app: (?<app>[\w-]+)/(?<file>[\w.]+) -->$");
        private static readonly Regex Include = new(@"^<!-- docs-app-include: (?<app>[\w-]+)/(?<file>[\w.]+) (?<source>[\w./-]+) tour-file (?<tourFile>[\w.]+) -->$");

        public static Dictionary<string, SortedDictionary<string, string>> Read(string root)
        {
            var apps = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var path in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (Include.Match(lines[i]) is { Success: true } include)
                    {
                        var source = File.ReadAllLines(Path.Combine(root, include.Groups["source"].Value));
                        var at = Array.IndexOf(source, $"<!-- tour-file: {include.Groups["tourFile"].Value} -->");
                        Assert.True(at >= 0, $"{path}:{i + 1}: no tour-file {include.Groups["tourFile"].Value} in {include.Groups["source"].Value}");
                        Add(apps, include.Groups["app"].Value, include.Groups["file"].Value, BlockAfter(source, at));
                    }
                    else if (Marker.Match(lines[i]) is { Success: true } marker)
                    {
                        Add(apps, marker.Groups["app"].Value, marker.Groups["file"].Value, BlockAfter(lines, i));
                    }
                }
            }

            return apps;
        }

        // The ```csharp block after the marker at `at`, skipping other marker lines between them.
        private static string BlockAfter(string[] lines, int at)
        {
            var start = at + 1;
            while (start < lines.Length && lines[start].StartsWith("<!--", StringComparison.Ordinal))
            {
                start++;
            }

            Assert.True(start < lines.Length && lines[start].Trim() == "```csharp", $"line {at + 1}: a docs-app marker must be followed by a ```csharp block");
            var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
            return string.Join('\n', lines[(start + 1)..end]) + "\n";
        }

        private static void Add(Dictionary<string, SortedDictionary<string, string>> apps, string app, string file, string text)
        {
            if (!apps.TryGetValue(app, out var files))
            {
                apps[app] = files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            files[file] = files.TryGetValue(file, out var before) ? before + text : text;
        }
    }

    /// <summary>
    /// The compiled app written out with Login.Runtime beside it and started with <c>dotnet</c> on a free 127.0.0.1 port,
    /// as <c>dotnet run</c> would start it (Development), until disposed.
    /// </summary>
    private sealed class RunningApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _folder;

        private RunningApp(Process process, string folder, Uri address) => (_process, _folder, Address) = (process, folder, address);

        public Uri Address { get; }

        public HttpClient Client() =>
            new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Address };

        public static async Task<RunningApp> StartAsync(Compilation compilation)
        {
            var folder = Directory.CreateTempSubdirectory("login-docs-app-").FullName;
            var assembly = Path.Combine(folder, compilation.AssemblyName + ".dll");
            var emitted = compilation.Emit(assembly);
            Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
            File.Copy(typeof(LoginOptions).Assembly.Location, Path.Combine(folder, "Login.Runtime.dll"));
            var framework = Environment.Version;
            var version = $"{framework.Major}.{framework.Minor}";
            File.WriteAllText(
                Path.ChangeExtension(assembly, ".runtimeconfig.json"),
                "{\"runtimeOptions\":{\"tfm\":\"net" + version + "\",\"frameworks\":[" +
                "{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version + ".0\"}," +
                "{\"name\":\"Microsoft.AspNetCore.App\",\"version\":\"" + version + ".0\"}]}}");

            var start = new ProcessStartInfo("dotnet", [assembly])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["DOTNET_NOLOGO"] = "1";
            var process = Process.Start(start)!;
            var output = new StringBuilder();
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                if (e.Data is { } line && ListeningOn().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups["address"].Value));
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            };
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited: " + output));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // A generous bound for a loaded machine; the app usually listens within a second or two.
            var started = await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(120)));
            if (started != listening.Task)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The docs app did not say where it listens within 120 s: " + output);
            }

            return new RunningApp(process, folder, await listening.Task);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the exiting process: the temporary folder is the system's to clean.
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
