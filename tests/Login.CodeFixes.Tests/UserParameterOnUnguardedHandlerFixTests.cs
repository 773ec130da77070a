using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes.Tests;

/// <summary>LOGIN007: [LoginRequired] on the handler that takes the user, lambda or method group.</summary>
public class UserParameterOnUnguardedHandlerFixTests
{
    private const string UserFile = """
        using Login;

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }

            [UserLoader]
            public static User? Load(int id) => null;
        }
        """;

    /// <param name="nonLocal">
    /// For a method group: the analyzer reports LOGIN007 at the method's parameter while it analyzes the Map call, in
    /// another member, so the diagnostic is not local to the code it was found in. An IDE then shows it, and offers the
    /// fix, only with full-solution analysis on; dotnet format and a build see it always.
    /// </param>
    private static LoginFixTest<UserParameterOnUnguardedHandlerFix> Test(string before, string after, bool nonLocal = false)
    {
        var test = new LoginFixTest<UserParameterOnUnguardedHandlerFix>
        {
            CodeFixTestBehaviors = nonLocal ? CodeFixTestBehaviors.SkipLocalDiagnosticCheck : CodeFixTestBehaviors.None,
        };
        test.TestState.Sources.Add(before);
        test.TestState.Sources.Add(UserFile);
        test.FixedState.Sources.Add(after);
        test.FixedState.Sources.Add(UserFile);
        return test;
    }

    [Fact]
    public async Task Puts_the_attribute_on_lambdas_and_adds_using_Login_once()
    {
        await Test(
            """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", ({|LOGIN007:User user|}) => user.Id);
                    app.MapPost("/me", async ({|LOGIN007:User user|}, int delay) =>
                    {
                        await System.Threading.Tasks.Task.Delay(delay);
                        return user.Id;
                    });
                }
            }
            """,
            """
            using Login;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", [LoginRequired] (User user) => user.Id);
                    app.MapPost("/me", [LoginRequired] async (User user, int delay) =>
                    {
                        await System.Threading.Tasks.Task.Delay(delay);
                        return user.Id;
                    });
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Puts_the_attribute_above_a_method_passed_as_a_method_group()
    {
        await Test(
            """
            using Login;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/me", Me);

                /// <summary>Who is logged in.</summary>
                [Tags("account")]
                private static string Me({|LOGIN007:User user|}) => $"user {user.Id}";
            }
            """,
            """
            using Login;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/me", Me);

                /// <summary>Who is logged in.</summary>
                [LoginRequired]
                [Tags("account")]
                private static string Me(User user) => $"user {user.Id}";
            }
            """,
            nonLocal: true).RunAsync();
    }

    [Fact]
    public async Task Puts_the_attribute_above_a_local_function()
    {
        await Test(
            """
            using Login;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", Me);

                    static int Me({|LOGIN007:User user|}) => user.Id;
                }
            }
            """,
            """
            using Login;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", Me);

                    [LoginRequired]
                    static int Me(User user) => user.Id;
                }
            }
            """,
            nonLocal: true).RunAsync();
    }

    [Fact]
    public async Task Writes_the_attribute_once_for_a_handler_taking_the_user_twice()
    {
        await Test(
            """
            using Login;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/me", ({|LOGIN007:User user|}, {|LOGIN007:User again|}) => user.Id + again.Id);
            }
            """,
            """
            using Login;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/me", [LoginRequired] (User user, User again) => user.Id + again.Id);
            }
            """).RunAsync();
    }

    [Fact]
    public void A_lambda_without_parentheses_gets_them_so_it_can_carry_the_attribute()
    {
        var lambda = (SimpleLambdaExpressionSyntax)SyntaxFactory.ParseExpression("async user => user.Id");

        var parenthesized = UserParameterOnUnguardedHandlerFix.Parenthesized(lambda);

        Assert.Equal("async (user) => user.Id", parenthesized.ToFullString());
    }
}
