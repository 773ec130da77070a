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

    [Fact]
    public void With_the_Request_Delegate_Generator_on_nothing_is_intercepted()
    {
        // Both generators intercepting one call is error CS9153; the runtime guards from metadata instead.
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(App), requestDelegateGenerator: true);

        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "Login.Guards.g.cs");
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Login.UserLoaders.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
