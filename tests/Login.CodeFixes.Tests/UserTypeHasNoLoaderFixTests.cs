using Microsoft.CodeAnalysis.Testing;

namespace Login.CodeFixes.Tests;

/// <summary>
/// LOGIN004: a [UserLoader] stub in the user type, taking the id as Login stores it. LOGIN004 is reported while the user
/// type is analysed (a "local" diagnostic, which the testing library checks), so an IDE shows it and offers this fix as
/// the user types, without full-solution analysis.
/// </summary>
public class UserTypeHasNoLoaderFixTests
{
    private static LoginFixTest<UserTypeHasNoLoaderFix> Test(string before, string after) => StubWarnings.Expect<UserTypeHasNoLoaderFix>(before, after);

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
                public static User? Load(int id)
                {
            #warning Login: write User.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the User with this id, or null
                    throw new NotImplementedException("Return the User with this id, or null if there is none.");
                }
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
                    public static Member? Load(System.Guid id)
                    {
            #warning Login: write Member.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the Member with this id, or null
                        throw new System.NotImplementedException("Return the Member with this id, or null if there is none.");
                    }
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
                public static User Load(long id)
                {
            #warning Login: write User.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the User with this id, or null
                    throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
                }
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
                public static User? LoadUser(string id)
                {
            #warning Login: write User.LoadUser, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the User with this id, or null
                    throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
                }
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
                public static Member? Load(string id)
                {
            #warning Login: write Member.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the Member with this id, or null
                    throw new System.NotImplementedException("Return the Member with this id, or null if there is none.");
                }
            }

            [LoginUser]
            public partial class {|LOGIN002:Admin|}
            {
                [UserLoader]
                public static Admin? Load(string id)
                {
            #warning Login: write Admin.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the Admin with this id, or null
                    throw new System.NotImplementedException("Return the Admin with this id, or null if there is none.");
                }
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
                public static User? Load(int id)
                {
            #warning Login: write User.Load, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the User with this id, or null
                    throw new System.NotImplementedException("Return the User with this id, or null if there is none.");
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Marks_the_unmarked_static_method_that_already_loads_the_user()
    {
        // Issue 19: a stub that throws, next to the method that plainly was the loader.
        await Test(
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:Member|}
            {
                public Guid Id { get; init; }

                /// <summary>From the database.</summary>
                public static async Task<Member?> LoadAsync(Guid id, IServiceProvider services, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return null;
                }
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Login;

            [LoginUser]
            public partial class Member
            {
                public Guid Id { get; init; }

                /// <summary>From the database.</summary>
                [UserLoader]
                public static async Task<Member?> LoadAsync(Guid id, IServiceProvider services, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return null;
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Marks_a_method_of_a_static_class_in_another_file()
    {
        var test = new LoginFixTest<UserTypeHasNoLoaderFix>();
        test.TestState.Sources.Add(("Member.cs", """
            using Login;

            [LoginUser]
            public partial class {|LOGIN004:Member|}
            {
                public int Id { get; init; }
            }
            """));
        test.TestState.Sources.Add(("Members.cs", """
            using System.Threading.Tasks;

            public static class Members
            {
                public static Member? FindByName(string name) => null;

                public static ValueTask<Member?> Find(int memberId) => default;
            }
            """));
        test.FixedState.Sources.Add(("Member.cs", """
            using Login;

            [LoginUser]
            public partial class Member
            {
                public int Id { get; init; }
            }
            """));
        test.FixedState.Sources.Add(("Members.cs", """
            using System.Threading.Tasks;
            using Login;

            public static class Members
            {
                public static Member? FindByName(string name) => null;

                [UserLoader]
                public static ValueTask<Member?> Find(int memberId) => default;
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Offers_marking_only_methods_that_compile_as_the_loader_then_the_stub()
    {
        var titles = await OfferedFixes.TitlesAsync(new UserTypeHasNoLoaderFix(), """
            using System;
            using System.Threading.Tasks;
            using Login;

            [LoginUser]
            public partial class Member
            {
                public int Id { get; init; }

                public static Member? ById(int id) => null;                       // yes
                public static Member Get(string memberId) => new();                // yes: a loader may take the id as text
                public static Member? ByEmail(string email) => null;               // another lookup
                public static Member? ByKey(Guid id) => null;                      // not the id's type (LOGIN005)
                public static Member? Copy(int id, int times) => null;             // an int is not a service
                public Member? Instance(int id) => null;                           // not static
                private static Member? Hidden(int id) => null;                     // generated code cannot call it
                public static T? Generic<T>(int id) where T : class => null;      // generic
                public static Member? Ref(ref int id) => null;                     // by reference
                public static string Name(int id) => "";                           // returns no Member
            }

            public static class Lookups
            {
                public static Task<Member?> FindAsync(int id) => Task.FromResult<Member?>(null); // yes
            }

            public class NotStatic
            {
                public static Member? Find(int id) => null;                        // only static classes are searched
            }
            """);

        Assert.Equal(
            [
                "Mark 'ById' [UserLoader]",
                "Mark 'Get' [UserLoader]",
                "Mark 'Lookups.FindAsync' [UserLoader]",
                "Add a [UserLoader] 'Load' to 'Member'",
            ],
            titles);
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
