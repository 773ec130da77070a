namespace Login.CodeFixes.Tests;

/// <summary>LOGIN002: a new Id property, or [LoginId] on a member that can be the id.</summary>
public class UserTypeHasNoIdFixTests
{
    [Fact]
    public async Task Offers_the_new_Id_first_then_one_fix_per_member_that_can_be_the_id()
    {
        var titles = await OfferedFixes.TitlesAsync(new UserTypeHasNoIdFix(), """
            using System;
            using Login;

            public class Person
            {
                public string Email { get; init; } = "";
            }

            [LoginUser]
            public partial class User : Person
            {
                public Guid Key;
                public long Number { get; set; }
                public int? MaybeNumber { get; init; }         // int? cannot be parsed back as itself
                public bool IsAdmin { get; init; }             // bool is not IFormattable
                public object Tag { get; init; } = new();
                public static string Shared { get; } = "";
                [SessionStamp] public string PasswordHash { get; init; } = "";
                public string First = "", Last = "";           // [LoginId] there would mark both
                public string this[int i] => "";
            }
            """);

        Assert.Equal(
            [
                "Add 'public int Id { get; init; }'",
                "Use 'Key' as the id: mark it [LoginId]",
                "Use 'Number' as the id: mark it [LoginId]",
                "Use 'Email' as the id: mark it [LoginId]",
            ],
            titles);
    }

    [Fact]
    public async Task Offers_no_new_Id_when_a_member_is_called_Id_already()
    {
        var titles = await OfferedFixes.TitlesAsync(new UserTypeHasNoIdFix(), """
            using Login;

            [LoginUser]
            public partial class User
            {
                public static int Id => 0;
                public string Email { get; init; } = "";
            }
            """);

        Assert.Equal(["Use 'Email' as the id: mark it [LoginId]"], titles);
    }

    [Fact]
    public async Task Adds_an_Id_of_the_type_its_loader_takes_in_every_user_type()
    {
        // Issue 19: an int Id beside a Guid loader is LOGIN005 next, and every user's id 0.
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class {|LOGIN002:Member|}
                {
                    public string Name { get; init; } = "";
                }

                [LoginUser]
                public partial class {|LOGIN002:Admin|}
                {
                }

                [LoginUser]
                public partial class {|LOGIN002:Guest|}
                {
                }

                public static class Accounts
                {
                    [UserLoader]
                    public static Member? LoadMember(Guid id) => null;

                    [UserLoader]
                    public static Admin? LoadAdmin(string id) => null;

                    [UserLoader]
                    public static Guest? LoadGuest(long id) => null;
                }
                """,
            FixedCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class Member
                {
                    public Guid Id { get; init; }
                    public string Name { get; init; } = "";
                }

                [LoginUser]
                public partial class Admin
                {
                    public string Id { get; init; } = "";
                }

                [LoginUser]
                public partial class Guest
                {
                    public long Id { get; init; }
                }

                public static class Accounts
                {
                    [UserLoader]
                    public static Member? LoadMember(Guid id) => null;

                    [UserLoader]
                    public static Admin? LoadAdmin(string id) => null;

                    [UserLoader]
                    public static Guest? LoadGuest(long id) => null;
                }
                """,
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        }.RunAsync();
    }

    [Fact]
    public async Task Adds_an_int_Id_when_nothing_loads_the_type()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using Login;

                [LoginUser]
                public partial class {|LOGIN002:{|LOGIN004:Member|}|}
                {
                    public string Name { get; init; } = "";
                }
                """,
            FixedCode = """
                using Login;

                [LoginUser]
                public partial class {|LOGIN004:Member|}
                {
                    public int Id { get; init; }
                    public string Name { get; init; } = "";
                }
                """,
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        }.RunAsync();
    }

    [Fact]
    public async Task Takes_the_id_type_from_the_unmarked_method_LOGIN004s_fix_would_mark()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using System;
                using System.Threading.Tasks;
                using Login;

                [LoginUser]
                public partial class {|LOGIN002:{|LOGIN004:Member|}|}
                {
                    public string Email { get; init; } = "";

                    public static Task<Member?> LoadAsync(Guid id) => Task.FromResult<Member?>(null);
                }
                """,
            FixedCode = """
                using System;
                using System.Threading.Tasks;
                using Login;

                [LoginUser]
                public partial class {|LOGIN004:Member|}
                {
                    public Guid Id { get; init; }
                    public string Email { get; init; } = "";

                    public static Task<Member?> LoadAsync(Guid id) => Task.FromResult<Member?>(null);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Offers_LoginId_first_on_the_member_the_loaders_id_plainly_is()
    {
        var titles = await OfferedFixes.TitlesAsync(new UserTypeHasNoIdFix(), """
            using System;
            using Login;

            [LoginUser]
            public partial class Member
            {
                public string Email { get; init; } = "";
                public Guid TeamKey { get; init; }
                public Guid MemberId { get; init; }
                public int Age { get; init; }
            }

            [LoginUser]
            public partial class Admin
            {
                public string Email { get; init; } = "";
                public long Badge { get; init; }
            }

            public static class Accounts
            {
                [UserLoader]
                public static Member? LoadMember(Guid memberId) => null;

                [UserLoader]
                public static Admin? LoadAdmin(long number) => null;
            }
            """);

        Assert.Equal(
            [
                // Member: MemberId is a Guid named like the loader's id; TeamKey is a Guid too, but could be anything.
                "Use 'MemberId' as the id: mark it [LoginId]",
                "Add 'public Guid Id { get; init; }'",
                "Use 'Email' as the id: mark it [LoginId]",
                "Use 'TeamKey' as the id: mark it [LoginId]",
                "Use 'Age' as the id: mark it [LoginId]",

                // Admin: Badge is its only long, the type the loader takes.
                "Use 'Badge' as the id: mark it [LoginId]",
                "Add 'public long Id { get; init; }'",
                "Use 'Email' as the id: mark it [LoginId]",
            ],
            titles);
    }

    [Fact]
    public async Task Dotnet_formats_first_fix_marks_the_Guid_MemberId_a_Guid_loader_takes()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class {|LOGIN002:Member|}
                {
                    public string Email { get; init; } = "";
                    public Guid MemberId { get; init; }
                }

                public static class Members
                {
                    [UserLoader]
                    public static Member? Load(Guid id) => null;
                }
                """,
            FixedCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class Member
                {
                    public string Email { get; init; } = "";
                    [LoginId]
                    public Guid MemberId { get; init; }
                }

                public static class Members
                {
                    [UserLoader]
                    public static Member? Load(Guid id) => null;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Marks_the_chosen_property_LoginId()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using Login;

                [LoginUser]
                public partial class {|LOGIN002:User|}
                {
                    public string Name { get; init; } = "";

                    /// <summary>Unique, and what users log in with.</summary>
                    public string Email { get; init; } = "";

                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            FixedCode = """
                using Login;

                [LoginUser]
                public partial class User
                {
                    public string Name { get; init; } = "";

                    /// <summary>Unique, and what users log in with.</summary>
                    [LoginId]
                    public string Email { get; init; } = "";

                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            // The loader takes this member's type and name: marking it is the recommended fix, offered first.
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        }.RunAsync();
    }

    [Fact]
    public async Task Marks_a_field_and_adds_using_Login_where_the_file_lacks_it()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                [Login.LoginUser]
                public partial class {|LOGIN002:User|}
                {
                    public System.Guid Key;

                    [Login.UserLoader]
                    public static User? Load(System.Guid key) => null;
                }
                """,
            FixedCode = """
                using Login;

                [Login.LoginUser]
                public partial class User
                {
                    [LoginId]
                    public System.Guid Key;

                    [Login.UserLoader]
                    public static User? Load(System.Guid key) => null;
                }
                """,
            // The loader takes this member's type and name: marking it is the recommended fix, offered first.
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        }.RunAsync();
    }

    [Fact]
    public async Task Marks_a_positional_record_parameter_as_its_property()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using Login;

                [LoginUser]
                public partial record {|LOGIN002:User|}(string Email, bool IsAdmin);

                public static class Users
                {
                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            FixedCode = """
                using Login;

                [LoginUser]
                public partial record User([property: LoginId] string Email, bool IsAdmin);

                public static class Users
                {
                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            // The loader takes this member's type and name: marking it is the recommended fix, offered first.
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        }.RunAsync();
    }

    [Fact]
    public async Task Gives_a_positional_record_without_a_body_one_for_the_new_Id()
    {
        await new LoginFixTest<UserTypeHasNoIdFix>
        {
            TestCode = """
                using Login;

                [LoginUser]
                public partial record {|LOGIN002:User|}(string Email);

                public static class Users
                {
                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            FixedCode = """
                using Login;

                [LoginUser]
                public partial record User(string Email)
                {
                    public string Id { get; init; } = "";
                }

                public static class Users
                {
                    [UserLoader]
                    public static User? Load(string email) => null;
                }
                """,
            CodeActionEquivalenceKey = "LOGIN002.AddId",
        }.RunAsync();
    }

    [Fact]
    public async Task Marks_a_member_of_a_base_class_in_another_file()
    {
        var test = new LoginFixTest<UserTypeHasNoIdFix>
        {
            // The loader takes this member's type and name: marking it is the recommended fix, offered first.
            CodeActionEquivalenceKey = "LOGIN002.Recommended",
        };
        test.TestState.Sources.Add("""
            using Login;

            [LoginUser]
            public partial class {|LOGIN002:User|} : Person
            {
                [UserLoader]
                public static User? Load(string email) => null;
            }
            """);
        test.TestState.Sources.Add("""
            public class Person
            {
                public string Email { get; init; } = "";
            }
            """);
        test.FixedState.Sources.Add("""
            using Login;

            [LoginUser]
            public partial class User : Person
            {
                [UserLoader]
                public static User? Load(string email) => null;
            }
            """);
        test.FixedState.Sources.Add("""
            using Login;

            public class Person
            {
                [LoginId]
                public string Email { get; init; } = "";
            }
            """);
        await test.RunAsync();
    }
}
