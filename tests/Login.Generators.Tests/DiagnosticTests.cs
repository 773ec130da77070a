using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>
/// Each mistake gets its diagnostic at the user's declaration, a message that says what to write, and nothing else:
/// no follow-on compiler errors from generated code.
/// </summary>
public class DiagnosticTests
{
    private const string Loader = """

        public static class Loaders
        {
            [Login.UserLoader]
            public static User? Load(int id) => null;
        }
        """;

    [Fact]
    public void LOGIN001_user_type_not_partial()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public class [|User|]
            {
                public int Id { get; init; }
            }
            """ + Loader);

        Assert.Equal("LOGIN001", diagnostic.Id);
        Assert.Contains("declare it 'partial class User'", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN001_containing_type_not_partial()
    {
        var diagnostic = SingleProblem("""
            public static class Outer
            {
                [Login.LoginUser]
                public partial class [|User|]
                {
                    public int Id { get; init; }
                }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static Outer.User? Load(int id) => null;
            }
            """);

        Assert.Equal("LOGIN001", diagnostic.Id);
        Assert.Contains("'Outer' is not partial", diagnostic.GetMessage());
        Assert.Contains("'partial class Outer'", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN002_user_type_without_id()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class [|User|]
            {
                public string Email { get; init; } = "";
            }
            """ + Loader);

        Assert.Equal("LOGIN002", diagnostic.Id);
        Assert.Contains("add a property 'public int Id { get; init; }'", diagnostic.GetMessage());
        Assert.Contains("[LoginId]", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN003_id_that_cannot_round_trip()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class User
            {
                public object [|Id|] { get; init; } = new();
            }
            """ + Loader);

        Assert.Equal("LOGIN003", diagnostic.Id);
        Assert.Contains("use string, int, long, Guid", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN004_user_type_without_loader()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class [|User|]
            {
                public long Id { get; init; }
            }
            """);

        Assert.Equal("LOGIN004", diagnostic.Id);
        Assert.Contains("'[UserLoader] public static User? Load(long id)'", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN005_loader_not_static()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public class Loaders
            {
                [Login.UserLoader]
                public User? [|Load|](int id) => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.Contains("is not static", diagnostic.GetMessage());
        Assert.Contains("public static User? Load(int id, ...)", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN005_loader_returning_something_else()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? Load(int id) => null;

                [Login.UserLoader]
                public static string? [|LoadName|](int id) => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.Contains("not a [LoginUser] type", diagnostic.GetMessage());
    }

    /// <summary>Runs the generator and returns its one diagnostic, checking it points at the marked span.</summary>
    private static Diagnostic SingleProblem(string marked)
    {
        var (source, span) = MarkedSource.Parse(marked);
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source));
        var diagnostic = Assert.Single(problems);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.True(diagnostic.Location.IsInSource, "the diagnostic must point into the user's source");
        Assert.Equal("Program.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
