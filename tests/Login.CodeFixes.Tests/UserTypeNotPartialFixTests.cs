namespace Login.CodeFixes.Tests;

/// <summary>LOGIN001: the [LoginUser] type, and every type containing it, made partial.</summary>
public class UserTypeNotPartialFixTests
{
    [Fact]
    public async Task Adds_partial_after_the_other_modifiers_and_the_generated_IUser_members_then_compile()
    {
        // Until the type is partial the generator cannot make it an IUser, so LoginUserAsync(user) does not compile either.
        await new LoginFixTest<UserTypeNotPartialFix>
        {
            TestCode = """
                using System.Threading.Tasks;
                using Login;
                using Microsoft.AspNetCore.Http;

                [LoginUser]
                public sealed class {|LOGIN001:User|}
                {
                    public int Id { get; init; }

                    public static Task<bool> LogInAsync(HttpContext http, User user) => http.LoginUserAsync({|CS1503:user|});

                    [UserLoader]
                    public static User? Load(int id) => null;
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Login;
                using Microsoft.AspNetCore.Http;

                [LoginUser]
                public sealed partial class User
                {
                    public int Id { get; init; }

                    public static Task<bool> LogInAsync(HttpContext http, User user) => http.LoginUserAsync(user);

                    [UserLoader]
                    public static User? Load(int id) => null;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Makes_every_containing_type_partial_that_is_not_yet()
    {
        await new LoginFixTest<UserTypeNotPartialFix>
        {
            TestCode = """
                using Login;

                public static class Accounts
                {
                    public partial class Area
                    {
                        [LoginUser]
                        public class {|LOGIN001:User|}
                        {
                            public int Id { get; init; }
                        }
                    }

                    [UserLoader]
                    public static Area.User? Load(int id) => null;
                }
                """,
            FixedCode = """
                using Login;

                public static partial class Accounts
                {
                    public partial class Area
                    {
                        [LoginUser]
                        public partial class User
                        {
                            public int Id { get; init; }
                        }
                    }

                    [UserLoader]
                    public static Area.User? Load(int id) => null;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Keeps_a_doc_comment_in_front_of_a_type_that_has_no_modifiers()
    {
        await new LoginFixTest<UserTypeNotPartialFix>
        {
            TestCode = """
                using Login;

                /// <summary>Someone who can log in.</summary>
                [LoginUser]
                record {|LOGIN001:User|}(int Id);

                /// <summary>The accounts.</summary>
                class Accounts
                {
                    [UserLoader]
                    internal static User? Load(int id) => null;
                }
                """,
            FixedCode = """
                using Login;

                /// <summary>Someone who can log in.</summary>
                [LoginUser]
                partial record User(int Id);

                /// <summary>The accounts.</summary>
                class Accounts
                {
                    [UserLoader]
                    internal static User? Load(int id) => null;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_all_makes_two_user_types_and_the_type_they_share_partial_once()
    {
        await new LoginFixTest<UserTypeNotPartialFix>
        {
            TestCode = """
                using Login;

                public class Accounts
                {
                    [LoginUser]
                    public class {|LOGIN001:Member|}
                    {
                        public int Id { get; init; }
                    }

                    [LoginUser]
                    public class {|LOGIN001:Admin|}
                    {
                        public int Id { get; init; }
                    }

                    [UserLoader]
                    public static Member? LoadMember(int id) => null;

                    [UserLoader]
                    public static Admin? LoadAdmin(int id) => null;
                }
                """,
            FixedCode = """
                using Login;

                public partial class Accounts
                {
                    [LoginUser]
                    public partial class Member
                    {
                        public int Id { get; init; }
                    }

                    [LoginUser]
                    public partial class Admin
                    {
                        public int Id { get; init; }
                    }

                    [UserLoader]
                    public static Member? LoadMember(int id) => null;

                    [UserLoader]
                    public static Admin? LoadAdmin(int id) => null;
                }
                """,
        }.RunAsync();
    }
}
