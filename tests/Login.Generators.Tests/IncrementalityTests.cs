using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Login.Generators.Tests;

/// <summary>
/// The generator must cost nothing when the user types elsewhere: after an edit that cannot change its output,
/// every tracked step is served from the cache. And its models must not keep compilations alive.
/// </summary>
public class IncrementalityTests
{
    private const string App = """
        using Login;
        using Microsoft.AspNetCore.Builder;

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }
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

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/secret", [LoginRequired] (User user) => user.Id);
                app.MapDelete("/account", Delete);
            }

            [FreshLoginRequired]
            private static string Delete(User user) => "deleted";
        }
        """;

    private const string Unrelated = """
        public static class Arithmetic
        {
            public static int Twice(int x) => x * 2;
        }
        """;

    private static readonly string[] EmittingSteps =
        [TrackingNames.UserModels, TrackingNames.LoaderModels, TrackingNames.RequestLoaderModels, TrackingNames.HeaderLoaderModels,
         TrackingNames.LoaderRegistration, TrackingNames.GuardedCalls, TrackingNames.Guards];

    private static readonly string[] AllSteps =
        [.. EmittingSteps, TrackingNames.UserTypes, TrackingNames.UserDiagnostics,
         TrackingNames.Loaders, TrackingNames.LoaderDiagnostics, TrackingNames.RequestLoaders, TrackingNames.RequestLoaderDiagnostics,
         TrackingNames.HeaderLoaders, TrackingNames.HeaderLoaderDiagnostics, TrackingNames.LoadedUserTypes, TrackingNames.MissingLoaders,
         TrackingNames.DuplicateUserLoaders, TrackingNames.RequestDelegateGenerator,
         TrackingNames.MapCalls, TrackingNames.MapCallDiagnostics, TrackingNames.RuntimeGuardDiagnostics, TrackingNames.HandlerMethods,
         TrackingNames.LoginRequiredSites, TrackingNames.FreshLoginRequiredSites, TrackingNames.MisplacedGuards];

    [Fact]
    public void Edit_in_an_unrelated_file_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(App, Unrelated);
        var edited = Replace(compilation, 1, Unrelated.Replace("x * 2", "x + x") + "\n// a comment\n");

        AssertAllCachedOrUnchanged(RunTwice(compilation, edited), AllSteps);
    }

    [Fact]
    public void Comment_or_method_body_edit_in_the_users_file_regenerates_nothing()
    {
        var compilation = GeneratorHarness.Compile(App, Unrelated);
        var userFile = App.Replace("user.Id);", "user.Id); // the secret page");
        var edited = Replace(compilation, 0, userFile.Replace("new User { Id = id }", "new User { Id = id + 0 }"));

        // The interceptor's location is tied to the file's checksum, so the Map call's model is rebuilt; what it
        // emits, the users and the loaders are not, nor the handler methods LOGIN009 checks against.
        var result = RunTwice(compilation, edited);
        AssertAllCachedOrUnchanged(result,
            [TrackingNames.UserModels, TrackingNames.LoaderModels, TrackingNames.RequestLoaderModels, TrackingNames.HeaderLoaderModels,
             TrackingNames.LoaderRegistration, TrackingNames.HandlerMethods, TrackingNames.MisplacedGuards]);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compile(App, Unrelated);
        var (result, _) = GeneratorHarness.Run(compilation);
        var steps = result.Results.Single().TrackedSteps;

        foreach (var name in AllSteps)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            // Diagnostics steps keep the SyntaxTree of the declaration they report at; emitting steps keep nothing.
            var allowTrees = !EmittingSteps.Contains(name);
            foreach (var step in steps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoCompilerObjects(value, name, allowTrees, []);
                }
            }
        }
    }

    private static GeneratorDriverRunResult RunTwice(Compilation first, Compilation second)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        return driver.RunGenerators(second).GetRunResult();
    }

    private static Compilation Replace(CSharpCompilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }

    private static void AssertAllCachedOrUnchanged(GeneratorDriverRunResult result, IEnumerable<string> names)
    {
        var steps = result.Results.Single().TrackedSteps;
        foreach (var name in names)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in steps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {reason}");
                }
            }
        }
    }

    private static void AssertNoCompilerObjects(object? value, string step, bool allowTrees, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel,
            $"step {step} keeps a {value.GetType().Name}");
        if (value is SyntaxTree)
        {
            Assert.True(allowTrees, $"step {step} emits code but keeps a SyntaxTree");
            return;
        }

        if (value is DiagnosticDescriptor)
        {
            return; // static, shared, holds only strings
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, step, allowTrees, seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, allowTrees, seen);
        }
    }
}
