using Microsoft.CodeAnalysis.Testing;

namespace Login.CodeFixes.Tests;

/// <summary>
/// LOGIN004: a [UserLoader] stub in the user type, taking the id as Login stores it. LOGIN004 is reported while the user
/// type is analysed (a "local" diagnostic, which the testing library checks), so an IDE shows it and offers this fix as
/// the user types, without full-solution analysis.
/// </summary>
public class UserTypeHasNoLoaderFixTests
{
    private static LoginFixTest<UserTypeHasNoLoaderFix> Test(string before, string after) => new()
    {
        TestCode = before,
        FixedCode = after,
    };

    [Fact]
    public async Task Adds_a_loader_taking_an_int_and_returning_the_user_or_null()
    {
        await Test(
            """
            using System;
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:User|}
            {
                public int Id { get; init; }
            }
            """,
            """
            using System;
            using Login;

            [LoginUser]
            public partial class User
            {
                public int Id { get; init; }

                [UserLoader]
                public static User? Load(int id) => throw new NotImplementedException("Return the User with this id, or null if there is none.");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Takes_the_id_as_the_LoginId_members_type_and_adds_using_Login_where_missing()
    {
        await Test(
            """
            namespace App.Accounts
            {
                [Login.LoginUser]
                public partial class {|LOGIN004:Member|}
                {
                    [Login.LoginId]
                    public System.Guid Key { get; init; }
                }
            }
            """,
            """
            using Login;

            namespace App.Accounts
            {
                [Login.LoginUser]
                public partial class Member
                {
                    [Login.LoginId]
                    public System.Guid Key { get; init; }

                    [UserLoader]
                    public static Member? Load(System.Guid id) => throw new System.NotImplementedException("Return the Member with this id, or null if there is none.");
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Writes_no_question_mark_where_nullable_annotations_are_off()
    {
        await Test(
            """
            #nullable disable
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:User|}
            {
                public long Id { get; init; }
            }
            """,
            """
            #nullable disable
            using Login;

            [LoginUser]
            public partial class User
            {
                public long Id { get; init; }

                [UserLoader]
                public static User Load(long id) => throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Picks_another_name_when_the_type_has_a_Load_already()
    {
        await Test(
            """
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:User|}
            {
                public string Id { get; init; } = "";

                public void Load() { }
            }
            """,
            """
            using Login;

            [LoginUser]
            public partial class User
            {
                public string Id { get; init; } = "";

                public void Load() { }

                [UserLoader]
                public static User? LoadUser(string id) => throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Takes_a_string_when_the_user_wrote_GetId_or_has_no_id_yet()
    {
        await Test(
            """
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:Member|}
            {
                public string? GetId() => "member";
            }

            [LoginUser]
            public partial class {|LOGIN002:{|LOGIN004:Admin|}|}
            {
            }
            """,
            """
            using Login;

            [LoginUser]
            public partial class Member
            {
                public string? GetId() => "member";

                [UserLoader]
                public static Member? Load(string id) => throw new System.NotImplementedException("Return the Member with this id, or null if there is none.");
            }

            [LoginUser]
            public partial class {|LOGIN002:Admin|}
            {
                [UserLoader]
                public static Admin? Load(string id) => throw new System.NotImplementedException("Return the Admin with this id, or null if there is none.");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Gives_a_positional_record_a_body()
    {
        await Test(
            """
            using Login;

            [LoginUser]
            public partial record {|LOGIN004:User|}(int Id);
            """,
            """
            using Login;

            [LoginUser]
            public partial record User(int Id)
            {
                [UserLoader]
                public static User? Load(int id) => throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Offers_nothing_for_a_user_type_generated_code_cannot_reach()
    {
        // A loader inside a private type could not be called by the generated registration (LOGIN005 would follow).
        const string code = """
            using Login;

            public partial class Outer
            {
                [LoginUser]
                private partial class {|LOGIN004:User|}
                {
                    public int Id { get; init; }
                }
            }
            """;
        await Test(code, code).RunAsync();
    }
}
