using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>Which Map* calls get a guard woven in, and when the generator steps aside.</summary>
public class WeavingTests
{
    private const string App = """
        using System;
        using Login;
        using Microsoft.AspNetCore.Builder;

        [LoginUser]
        public partial class User { public int Id { get; init; } }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => null;
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/guarded", [LoginRequired] () => "x");
                app.MapGet("/open", () => "x");
                Delegate variable = [LoginRequired] () => "x";
                app.MapGet("/variable", variable);
            }
        }
        """;

    [Fact]
    public void Only_calls_whose_handler_is_marked_are_intercepted()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(App));

        var guards = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Login.Guards.g.cs").SourceText.ToString();
        Assert.Single(guards.Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Skip(1));
        Assert.Contains("// Program.cs(18,13)", guards);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>
    /// The analyzer leaves generated code alone: the interceptor passes its handler on to the original <c>MapGet</c> as a
    /// delegate value, which in the user's code would be LOGIN010. Only the user's own delegate variable is reported.
    /// </summary>
    [Fact]
    public void The_analyzer_reports_the_users_code_not_the_interceptors()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(App));

        var diagnostic = Assert.Single(problems);
        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.Equal("Program.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal("variable", diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    /// <summary>
    /// Each way to pass a marked handler gets its guard, whatever the syntactic test in front of the binding lets
    /// through; only a call whose handler is an unmarked lambda is left out unbound.
    /// </summary>
    [Theory]
    [InlineData("""app.MapGet("/x", [LoginRequired] () => "x");""")]
    [InlineData("""app.MapGet("/x", [LoginRequired] (User user) => user.Id);""")]
    [InlineData("""app.MapGet("/x", [LoginRequired] async () => { await System.Threading.Tasks.Task.Yield(); return "x"; });""")]
    [InlineData("""app.MapGet("/x", ([LoginRequired] () => "x"));""")]
    [InlineData("""app.MapGet("/x", (Delegate)([LoginRequired] () => "x"));""")]
    [InlineData("""app.MapGet(handler: [LoginRequired] () => "x", pattern: "/x");""")]
    [InlineData("""app.MapGet("/x", Marked);""")]
    [InlineData("""app.MapGet("/x", Endpoints.Marked);""")]
    [InlineData("""app.MapPost("/x", Fresh);""")]
    [InlineData("""app.MapMethods("/x", new[] { "GET", "HEAD" }, [LoginRequired] () => "x");""")]
    [InlineData("""app.Map("/x", [FreshLoginRequired] () => "x");""")]
    [InlineData("""[FreshLoginRequired] string Local() => "x"; app.MapPut("/x", Local);""")]
    public void Every_shape_of_marked_handler_is_woven(string mapping)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Shapes(mapping)));

        var guards = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Login.Guards.g.cs").SourceText.ToString();
        Assert.Single(guards.Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Skip(1));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        // The analyzer agrees: a woven guard is not one enforced at runtime.
        Assert.DoesNotContain(GeneratorHarness.Analyze(output), d => d.Id == "LOGIN010");
    }

    [Theory]
    [InlineData("""app.MapGet("/x", () => "x");""")]
    [InlineData("""app.MapGet("/x", (User? user) => user?.Id);""")]
    [InlineData("""app.MapGet("/x", context => context.Response.WriteAsync("x"));""")]
    [InlineData("""app.MapGet("/x", delegate (HttpContext context) { return context.Response.WriteAsync("x"); });""")]
    [InlineData("""app.MapGet("/x", Unmarked);""")]
    public void Unmarked_handlers_are_not_woven(string mapping)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Shapes(mapping)));

        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "Login.Guards.g.cs");
    }

    /// <summary>
    /// The syntactic test in front of the transform: a call whose handler is an unmarked lambda is never looked at again,
    /// because the transform re-runs for every candidate on every edit. Marked lambdas are read without binding the call
    /// (<see cref="MapCallLookupTests"/>); method groups and delegate values are bound, to be sure.
    /// </summary>
    [Fact]
    public void Only_calls_that_may_have_a_marked_handler_are_bound()
    {
        var root = GeneratorHarness.Compile(App).SyntaxTrees.First().GetRoot();

        var candidates = root.DescendantNodes().Where(node => Parsing.MapCallParser.IsWeavingCandidate(node, default)).Select(node => node.ToString());

        Assert.Equal(["app.MapGet(\"/guarded\", [LoginRequired] () => \"x\")", "app.MapGet(\"/variable\", variable)"], candidates);
    }

    [Fact]
    public void With_the_Request_Delegate_Generator_on_nothing_is_intercepted()
    {
        // Both generators intercepting one call is error CS9153; the runtime guards from metadata instead.
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(App), requestDelegateGenerator: true);

        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "Login.Guards.g.cs");
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Login.UserLoaders.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>Generated code says which package wrote it: the version of the Login.Runtime it was built with, not a constant.</summary>
    [Fact]
    public void Generated_code_carries_the_package_version()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(App));
        var runtimeVersion = typeof(Login.IUser).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];

        var sources = result.Results.Single().GeneratedSources;
        Assert.Equal(3, sources.Length);
        foreach (var source in sources)
        {
            Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"Login.Generators\", \"{runtimeVersion}\")]", source.SourceText.ToString());
        }
    }

    private static string Shapes(string mapping) => $$"""
        using System;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        [LoginUser]
        public partial class User { public int Id { get; init; } }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => null;
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                {{mapping}}
            }

            [LoginRequired]
            public static string Marked() => "x";

            [FreshLoginRequired]
            public static string Fresh(User user) => "x";

            public static string Unmarked() => "x";
        }
        """;
}
