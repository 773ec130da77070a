using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Tests;

/// <summary>
/// Issue 19: a slim or empty <c>WebApplication</c> builder runs no hosting startups, so the startup check that stops an
/// app mapping guarded endpoints without <c>AddLogin()</c> never ran there, and with the Request Delegate Generator on
/// nothing else of Login did either. The generator intercepts the app's <c>WebApplication.Create*Builder</c> calls and
/// adds that check to the builder; these tests hold which calls it takes, and that the result compiles cleanly. (That the
/// check then stops such an app is tests/Login.Tests/SlimBuilderStartupTests, woven and unwoven.)
/// </summary>
public class BuilderInterceptionTests
{
    [Theory]
    [InlineData("WebApplication.CreateSlimBuilder()")]
    [InlineData("WebApplication.CreateSlimBuilder(args)")]
    [InlineData("WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args })")]
    [InlineData("WebApplication.CreateEmptyBuilder(new WebApplicationOptions())")]
    [InlineData("WebApplication.CreateBuilder()")]
    [InlineData("WebApplication.CreateBuilder(args)")]
    [InlineData("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new WebApplicationOptions { Args = args })")]
    public void Each_way_of_creating_a_WebApplication_builder_gets_the_startup_check(string create)
    {
        foreach (var requestDelegateGenerator in new[] { false, true })
        {
            var intercepted = Intercepted(Program(create), requestDelegateGenerator, out var problems);

            Assert.Empty(problems);
            Assert.Equal([create], intercepted);
        }
    }

    [Fact]
    public void Builders_made_in_several_places_are_all_intercepted_and_same_overloads_share_an_interceptor()
    {
        var source = Program("WebApplication.CreateSlimBuilder(args)") + """

            public static class TestHosts
            {
                public static WebApplicationBuilder One() => WebApplication.CreateSlimBuilder(new WebApplicationOptions());
                public static WebApplicationBuilder Two() => WebApplication.CreateSlimBuilder(new WebApplicationOptions());
            }
            """;
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        var generated = output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("Login.Builders.g.cs", StringComparison.Ordinal));
        var interceptors = generated.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();

        Assert.Equal(["CreateSlimBuilder_0", "CreateSlimBuilder_1"], interceptors.Select(m => m.Identifier.Text));
        Assert.Equal(2, interceptors[1].AttributeLists.Count); // the two calls with options share one method
        Assert.Contains("LoginHostingStartup", generated.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Only WebApplication's own factories: a method of the same name elsewhere is the app's business.</summary>
    [Fact]
    public void A_CreateSlimBuilder_of_another_type_is_left_alone()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            var builder = Hosts.CreateSlimBuilder(args);
            var other = Hosts.CreateBuilder();

            public static class Hosts
            {
                public static WebApplicationBuilder CreateSlimBuilder(string[] args) => null!;
                public static WebApplicationBuilder CreateBuilder() => null!;
            }
            """;

        var intercepted = Intercepted(source, requestDelegateGenerator: false, out var problems);

        Assert.Empty(problems);
        Assert.Empty(intercepted);
    }

    /// <summary>Without Login's runtime (the analyzer reaching a project that does not reference it) nothing is generated.</summary>
    [Fact]
    public void Nothing_is_intercepted_in_a_project_without_Login_Runtime()
    {
        var compilation = GeneratorHarness.Compile("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateSlimBuilder(args).Build();
            app.MapGet("/open", () => "open");
            app.Run();
            """);
        var withoutLogin = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith("Login.Runtime.dll", StringComparison.Ordinal) == true));
        Assert.Equal(compilation.References.Count() - 1, withoutLogin.References.Count());

        var (result, output) = GeneratorHarness.Run((CSharpCompilation)withoutLogin.WithOptions(withoutLogin.Options.WithOutputKind(OutputKind.ConsoleApplication)));

        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string Program(string create) => $$"""
        using Login;
        using Microsoft.AspNetCore.Builder;

        var builder = {{create}};
        var app = builder.Build();
        app.MapGet("/secret", [LoginRequired] () => "secret");
        app.Run();
        """;

    /// <summary>The calls of the program's file an interceptor of Login's builder interceptors replaces, and the build's errors and warnings.</summary>
    private static List<string> Intercepted(string source, bool requestDelegateGenerator, out List<Diagnostic> problems)
    {
        var compilation = GeneratorHarness.Compile(source);
        compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
        var (result, output) = GeneratorHarness.Run(compilation, requestDelegateGenerator);
        Assert.Empty(result.Diagnostics);
        problems = [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
        var program = output.SyntaxTrees.First();
        var model = output.GetSemanticModel(program);
        return [.. program.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => model.GetInterceptorMethod(call) is { ContainingType.Name: "LoginBuilderInterceptors" })
            .Select(call => call.ToString())];
    }
}
