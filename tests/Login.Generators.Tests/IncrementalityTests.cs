using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Tests;

/// <summary>
/// The generator must cost nothing when the user types: after an edit that cannot change its output, every tracked step
/// is served from the cache or recomputed equal. That holds for a comment or a method body in the file of the user type
/// and its loaders too, because the models hold no source locations (the analyzer reports the diagnostics). And its
/// models must not keep compilations, symbols, syntax or locations alive.
/// </summary>
public class IncrementalityTests
{
    private const string UserFile = """
        using Login;

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }

            public string Describe() => "user " + Id;
        }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => new User { Id = id };

            [RequestLoader]
            public static User? FromApiKey(Microsoft.AspNetCore.Http.HttpRequest request) =>
                request.Query["api_key"] == "k1" ? new User { Id = 1 } : null;

            [HeaderLoader]
            public static User? FromToken(string headerValue) => headerValue == "Bearer t1" ? new User { Id = 1 } : null;
        }
        """;

    private const string Endpoints = """
        using Login;
        using Microsoft.AspNetCore.Builder;

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/secret", [LoginRequired] (User user) => user.Id);
                app.MapDelete("/account", Delete);
                app.MapGet("/open", () => "open");
            }

            [FreshLoginRequired]
            private static string Delete(User user) => "deleted";
        }
        """;

    private const string MoreEndpoints = """
        using Login;
        using Microsoft.AspNetCore.Builder;

        public static class MoreEndpoints
        {
            public static void Map(WebApplication app) => app.MapPost("/more", [LoginRequired] (User user) => user.Id);
        }
        """;

    /// <summary>The shapes issue 20 reads without binding: method groups, MapGroup chains, Map, named arguments, HttpContext handlers.</summary>
    private const string OrganisedEndpoints = """
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class OrganisedEndpoints
        {
            public static void Map(WebApplication app)
            {
                var group = app.MapGroup("/orders");
                group.MapGet("/{id}", Handlers.Get);
                app.MapGroup("/admin").WithTags("admin").MapPost("/purge", Handlers.Purge);
                app.Map("/any", Handlers.Get);
                app.MapMethods("/both", ["GET", "HEAD"], Handlers.Get);
                app.MapGet(pattern: "/named", handler: [LoginRequired] (User user) => user.Id);
                app.MapGet("/raw", [LoginRequired] async (HttpContext context) => { await context.Response.WriteAsync("raw"); });
                app.MapGet("/context", Handlers.Context);
            }
        }

        public static class Handlers
        {
            [LoginRequired] public static int Get(int id, User user) => id + user.Id;
            [FreshLoginRequired] public static string Purge(User user) => "purged";
            [LoginRequired] public static Task Context(HttpContext context) => context.Response.WriteAsync("context");
        }
        """;

    private const string Unrelated = """
        public static class Arithmetic
        {
            public static int Twice(int x) => x * 2;
        }
        """;

    /// <summary>The app's start: its builder's creation is intercepted to add Login's startup check (issue 19).</summary>
    private const string Host = """
        using Microsoft.AspNetCore.Builder;

        public static class Host
        {
            public static WebApplication Build(string[] args) => WebApplication.CreateSlimBuilder(args).Build();
        }
        """;

    private const int EndpointsFile = 1;

    /// <summary>Every tracked step, read off <see cref="TrackingNames"/> so that a new step cannot be left out.</summary>
    private static readonly string[] AllSteps = [.. typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetValue(null)!)];

    /// <summary>The steps an edit in a file with guarded Map calls changes; see <see cref="An_edit_in_a_file_with_guarded_Map_calls_changes_only_its_interceptor_locations"/>.</summary>
    private static readonly string[] InterceptorSteps = [TrackingNames.MapCalls, TrackingNames.GuardedCalls, TrackingNames.Guards];

    [Fact]
    public void Edit_in_an_unrelated_file_leaves_every_step_cached()
    {
        var compilation = Compile();
        var edited = Replace(compilation, 3, Unrelated.Replace("x * 2", "x + x") + "\n// a comment\n");

        AssertAllCachedOrUnchanged(RunTwice(compilation, edited), AllSteps);
    }

    /// <summary>
    /// The same for the shapes issue 20 reads without binding: the reading (lookups of names, of extension methods once
    /// per scope and compilation) gives equal models on the new compilation, so nothing downstream re-runs.
    /// </summary>
    [Fact]
    public void Edit_in_an_unrelated_file_leaves_every_step_cached_for_method_groups_chains_and_named_arguments()
    {
        var compilation = GeneratorHarness.Compile(UserFile, OrganisedEndpoints, Unrelated, Host);
        var edited = Replace(compilation, 2, Unrelated.Replace("x * 2", "x + x") + "\n// a comment\n");

        var result = RunTwice(compilation, edited);

        AssertAllCachedOrUnchanged(result, AllSteps);
        Assert.Equal(7, OutputReasons(result.Results.Single().TrackedSteps[TrackingNames.GuardedCalls]).Count());
    }

    /// <summary>
    /// The edits move the declarations: a comment above the user type shifts everything after it, a longer loader body
    /// shifts the loaders after it. Nothing the generator keeps depends on where they are.
    /// </summary>
    [Theory]
    [InlineData("a comment above the user type")]
    [InlineData("a method body of the user type")]
    [InlineData("a loader's body")]
    public void Edit_in_the_file_of_the_user_type_and_its_loaders_leaves_every_step_cached(string edit)
    {
        var compilation = Compile();
        var userFile = edit switch
        {
            "a comment above the user type" => UserFile.Replace("[LoginUser]", "// The people who log in.\n// Loaded below.\n[LoginUser]"),
            "a method body of the user type" => UserFile.Replace("\"user \" + Id", "$\"user {Id} of the shop\""),
            _ => UserFile.Replace("new User { Id = id }", "id > 0 ? new User { Id = id } : null"),
        };
        Assert.NotEqual(UserFile, userFile);

        AssertAllCachedOrUnchanged(RunTwice(compilation, Replace(compilation, 0, userFile)), AllSteps);
    }

    /// <summary>
    /// The one edit that does change the output: an interceptor names its call by <c>InterceptableLocation</c>, whose
    /// data embeds a checksum of the file's content, so any edit of a file with guarded calls, even a comment that moves
    /// nothing, gives each of that file's guarded calls new location data. Precisely: the <c>MapCalls</c> and
    /// <c>GuardedCalls</c> outputs of that file's guarded calls are Modified, the interceptor file (<c>Guards</c>) is
    /// rewritten, and every other output, including the other file's guarded call, is Cached or Unchanged.
    /// </summary>
    [Theory]
    [InlineData("a comment at the end")]
    [InlineData("a handler's body")]
    public void An_edit_in_a_file_with_guarded_Map_calls_changes_only_its_interceptor_locations(string edit)
    {
        var compilation = Compile();
        var endpoints = edit == "a comment at the end"
            ? Endpoints + "\n// more to come\n"
            : Endpoints.Replace("=> \"deleted\"", "=> \"deleted \" + user.Id");
        var result = RunTwice(compilation, Replace(compilation, EndpointsFile, endpoints));

        AssertAllCachedOrUnchanged(result, AllSteps.Except(InterceptorSteps));
        var steps = result.Results.Single().TrackedSteps;

        // Two guarded calls in the edited file (the lambda and the method group; the unmarked lambda is not even a
        // candidate), one in the other file.
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified],
            OutputReasons(steps[TrackingNames.MapCalls]).Where(reason => reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)));
        Assert.Equal(3, OutputReasons(steps[TrackingNames.MapCalls]).Count());
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            OutputReasons(steps[TrackingNames.GuardedCalls]).Order());
        Assert.Equal([IncrementalStepRunReason.Modified], OutputReasons(steps[TrackingNames.Guards]));
    }

    /// <summary>Two user types whose ids overlap (issue 18), each with its loaders, in one file.</summary>
    private const string TwoUserTypesFile = """
        using Login;

        [LoginUser]
        public partial class Customer
        {
            public int Id { get; init; }

            public string Describe() => "customer " + Id;

            [UserLoader]
            public static Customer? Load(int id) => new Customer { Id = id };

            [RequestLoader]
            public static Customer? FromApiKey(Microsoft.AspNetCore.Http.HttpRequest request) =>
                request.Query["api_key"] == "k1" ? new Customer { Id = 1 } : null;
        }

        [LoginUser("admin")]
        public partial class Admin
        {
            public int Id { get; init; }

            public string Describe() => "admin " + Id;

            [UserLoader]
            public static Admin? Load(int id) => new Admin { Id = id };

            [HeaderLoader]
            public static Admin? FromToken(string headerValue) => headerValue == "Bearer a1" ? new Admin { Id = 1 } : null;
        }
        """;

    private const string TwoUserTypesEndpoints = """
        using Login;
        using Microsoft.AspNetCore.Builder;

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/account", [LoginRequired<Customer>] (Customer customer) => customer.Id);
                app.MapGet("/admin", [LoginRequired<Admin>] () => "admin");
                app.MapDelete("/admin/users", Purge);
                app.MapGet("/anyone", [LoginRequired] () => "anyone");
            }

            [FreshLoginRequired<Admin>]
            private static string Purge(Admin admin) => "purged";
        }
        """;

    // With the app's start (its builder call intercepted), so that every tracked step runs and is held to caching.
    private static CSharpCompilation CompileTwoUserTypes() => GeneratorHarness.Compile(TwoUserTypesFile, TwoUserTypesEndpoints, Unrelated, Host);

    [Theory]
    [InlineData("an unrelated file")]
    [InlineData("a method body of one user type")]
    [InlineData("a loader's body of the other")]
    [InlineData("a comment above both")]
    public void With_two_user_types_an_edit_that_changes_no_output_leaves_every_step_cached(string edit)
    {
        var compilation = CompileTwoUserTypes();
        var edited = edit switch
        {
            "an unrelated file" => Replace(compilation, 2, Unrelated.Replace("x * 2", "x + x")),
            "a method body of one user type" => Replace(compilation, 0, TwoUserTypesFile.Replace("\"admin \" + Id", "$\"admin {Id}\"")),
            "a loader's body of the other" => Replace(compilation, 0, TwoUserTypesFile.Replace("new Customer { Id = id }", "id > 0 ? new Customer { Id = id } : null")),
            _ => Replace(compilation, 0, "// Customers and staff.\n" + TwoUserTypesFile),
        };
        Assert.NotEqual(compilation.SyntaxTrees.Select(t => t.ToString()), edited.SyntaxTrees.Select(t => t.ToString()));

        AssertAllCachedOrUnchanged(RunTwice(compilation, edited), AllSteps);
    }

    /// <summary>
    /// Renaming a key must change nothing the generator writes: the generated code never names a key (the runtime reads
    /// it from [LoginUser] when the app starts; LOGIN014 checks it in the analyzer), so every step stays cached and the
    /// generated files are the same text.
    /// </summary>
    [Fact]
    public void Renaming_a_user_types_key_changes_no_generated_file()
    {
        var compilation = CompileTwoUserTypes();
        var edited = Replace(compilation, 0, TwoUserTypesFile.Replace("[LoginUser(\"admin\")]", "[LoginUser(\"staff\")]"));

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        var after = driver.RunGenerators(edited).GetRunResult();

        AssertAllCachedOrUnchanged(after, AllSteps);
        Assert.Equal(before, after.Results.Single().GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString())));
        Assert.Equal(5, before.Count); // Customer's and Admin's IUser members, the loaders, the guards, the builder check
    }

    /// <summary>
    /// An edit that does change one user type's output (a session stamp on Admin) re-emits that type's file only: Admin's
    /// model is Modified, Customer's is not, and the loader registration and the guards, which do not depend on the
    /// stamp, stay cached.
    /// </summary>
    [Fact]
    public void With_two_user_types_a_change_to_one_type_re_emits_only_that_type()
    {
        var compilation = CompileTwoUserTypes();
        var edited = Replace(compilation, 0, TwoUserTypesFile.Replace(
            "public string Describe() => \"admin \" + Id;",
            "public string Describe() => \"admin \" + Id;\n\n    [SessionStamp]\n    public string Stamp { get; init; } = \"\";"));

        var result = RunTwice(compilation, edited);

        AssertAllCachedOrUnchanged(result, AllSteps.Except([TrackingNames.UserTypes, TrackingNames.UserModels]));
        var steps = result.Results.Single().TrackedSteps;
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            OutputReasons(steps[TrackingNames.UserModels]).Select(r => r == IncrementalStepRunReason.Unchanged ? IncrementalStepRunReason.Cached : r).Order());
        var admin = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Admin.LoginUser.g.cs").SourceText.ToString();
        Assert.Contains("global::Login.ISessionStamped", admin);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var compilation = Compile();
        var (result, _) = GeneratorHarness.Run(compilation);
        var steps = result.Results.Single().TrackedSteps;

        foreach (var name in AllSteps)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in steps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoCompilerObjects(value, name, []);
                }
            }
        }
    }

    private static CSharpCompilation Compile() => GeneratorHarness.Compile(UserFile, Endpoints, MoreEndpoints, Unrelated, Host);

    private static GeneratorDriverRunResult RunTwice(Compilation first, Compilation second)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        return driver.RunGenerators(second).GetRunResult();
    }

    /// <summary>Replaces a file's text as the IDE does: an incremental reparse of the changed text.</summary>
    private static Compilation Replace(CSharpCompilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText.From(text)));
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(IEnumerable<IncrementalGeneratorRunStep> runs) =>
        runs.SelectMany(run => run.Outputs).Select(output => output.Reason);

    private static void AssertAllCachedOrUnchanged(GeneratorDriverRunResult result, IEnumerable<string> names)
    {
        var steps = result.Results.Single().TrackedSteps;
        foreach (var name in names)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var reason in OutputReasons(steps[name]))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {reason}");
            }
        }
    }

    /// <summary>
    /// Walks a step's output and fails on anything of the compiler's: a symbol, syntax, a tree, a span or a location
    /// (which pin a compilation in memory, or change with every edit above them), a compilation, a diagnostic.
    /// </summary>
    private static void AssertNoCompilerObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxToken or SyntaxTree or TextSpan or Location or Compilation or SemanticModel
            or Diagnostic or DiagnosticDescriptor, $"step {step} keeps a {value.GetType().Name}");
        Assert.False(value.GetType().Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal),
            $"step {step} keeps a {value.GetType().FullName} from the compiler");

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, step, seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, seen);
        }
    }
}
