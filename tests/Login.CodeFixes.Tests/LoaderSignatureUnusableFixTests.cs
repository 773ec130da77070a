namespace Login.CodeFixes.Tests;

/// <summary>LOGIN005: the mechanical signature fixes, and none where the fix needs the user's judgement.</summary>
public class LoaderSignatureUnusableFixTests
{
    private const string User = """

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }
        }
        """;

    // The second loader is also private: once static, that is its next problem, which the next fix makes internal.
    [Fact]
    public async Task Makes_loaders_static_when_their_bodies_use_no_instance_member()
    {
        await new LoginFixTest<LoaderSignatureUnusableFix>
        {
            TestCode = """
                using System.Threading.Tasks;
                using Login;

                public class Users
                {
                    /// <summary>Loads a user.</summary>
                    [UserLoader]
                    public async ValueTask<User?> {|LOGIN005:Load|}(int id)
                    {
                        await Task.Yield();
                        return Find(id);
                    }

                    [HeaderLoader]
                    User? {|LOGIN005:FromHeader|}(string value) => null;

                    private static User? Find(int id) => null;
                }
                """ + User,
            FixedCode = """
                using System.Threading.Tasks;
                using Login;

                public class Users
                {
                    /// <summary>Loads a user.</summary>
                    [UserLoader]
                    public static async ValueTask<User?> Load(int id)
                    {
                        await Task.Yield();
                        return Find(id);
                    }

                    [HeaderLoader]
                    internal static User? FromHeader(string value) => null;

                    private static User? Find(int id) => null;
                }
                """ + User,
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 2,
        }.RunAsync();
    }

    [Fact]
    public async Task Makes_a_loader_and_the_private_types_around_it_internal()
    {
        const string before = """
                using Login;

                public partial class Accounts
                {
                    private static class Users
                    {
                        [UserLoader]
                        private static User? {|LOGIN005:Load|}(int id) => null;
                    }

                    class Headers
                    {
                        [HeaderLoader]
                        static User? {|LOGIN005:FromHeader|}(string value) => null;
                    }
                }
                """ + User;
        await new LoginFixTest<LoaderSignatureUnusableFix>
        {
            TestCode = before,
            FixedCode = """
                using Login;

                public partial class Accounts
                {
                    internal static class Users
                    {
                        [UserLoader]
                        internal static User? Load(int id) => null;
                    }

                    internal class Headers
                    {
                        [HeaderLoader]
                        internal static User? FromHeader(string value) => null;
                    }
                }
                """ + User,
        }.RunAsync();

        Assert.Equal(
            ["Make 'Load' and 'Users' internal", "Make 'FromHeader' and 'Headers' internal"],
            await OfferedFixes.TitlesAsync(new LoaderSignatureUnusableFix(), before.Replace("{|LOGIN005:", "").Replace("|}", "")));
    }

    [Fact]
    public async Task Takes_the_id_as_the_type_Login_stores()
    {
        await new LoginFixTest<LoaderSignatureUnusableFix>
        {
            TestCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class Member
                {
                    [LoginId]
                    public Guid Key { get; init; }
                }

                public static class Loaders
                {
                    [UserLoader]
                    public static User? {|LOGIN005:LoadUser|}(long id) => null;

                    [UserLoader]
                    public static Member? {|LOGIN005:LoadMember|}(int? key) => null;
                }
                """ + User,
            FixedCode = """
                using System;
                using Login;

                [LoginUser]
                public partial class Member
                {
                    [LoginId]
                    public Guid Key { get; init; }
                }

                public static class Loaders
                {
                    [UserLoader]
                    public static User? LoadUser(int id) => null;

                    [UserLoader]
                    public static Member? LoadMember(Guid key) => null;
                }
                """ + User,
        }.RunAsync();
    }

    [Fact]
    public async Task Takes_the_id_as_a_string_when_the_user_wrote_GetId()
    {
        await new LoginFixTest<LoaderSignatureUnusableFix>
        {
            TestCode = """
                using Login;

                [LoginUser]
                public partial class Member
                {
                    public string? GetId() => "member";

                    [UserLoader]
                    public static Member? {|LOGIN005:Load|}(object id) => null;
                }
                """,
            FixedCode = """
                using Login;

                [LoginUser]
                public partial class Member
                {
                    public string? GetId() => "member";

                    [UserLoader]
                    public static Member? Load(string id) => null;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Does_not_retype_an_id_the_body_uses_as_what_it_was()
    {
        // Issue 19: retyping this id to int gave CS1503 (an int key into a Dictionary<Guid, Member>): the fix made it worse.
        const string code = """
            using System;
            using System.Collections.Generic;
            using Login;

            [LoginUser]
            public partial class Member
            {
                public int Id { get; init; }
            }

            public static class Members
            {
                private static readonly Dictionary<Guid, Member> ByKey = [];

                [UserLoader]
                public static Member? {|LOGIN005:Load|}(Guid id) => ByKey.GetValueOrDefault(id);

                // This one's body compiles with either type: its fix is offered.
                [UserLoader]
                public static Member? {|LOGIN005:LoadToo|}(Guid id) => id == default ? null : new Member();
            }
            """;
        Assert.Equal(["Take the id 'id' as 'int'"], await OfferedFixes.TitlesAsync(new LoaderSignatureUnusableFix(), code.Replace("{|LOGIN005:", "").Replace("|}", "")));
    }

    [Fact]
    public async Task Offers_nothing_where_the_fix_is_not_mechanical()
    {
        const string code = """
            using Login;
            using Microsoft.AspNetCore.Http;

            public class Users
            {
                private readonly User? _cached = null;

                // Uses the instance: making it static would not compile.
                [UserLoader]
                public User? {|LOGIN005:Load|}(int id) => _cached;

                // Generic, returns something that is not a user, takes nothing, takes its value by reference, takes the
                // wrong first parameter: which signature was meant is the user's call.
                [HeaderLoader]
                public static User? {|LOGIN005:FromHeader|}<T>(string value) => null;

                [RequestLoader]
                public static object? {|LOGIN005:FromRequest|}(HttpRequest request) => null;

                [RequestLoader]
                public static User? {|LOGIN005:FromNothing|}() => null;

                [HeaderLoader]
                public static User? {|LOGIN005:FromReference|}(ref string value) => null;

                [HeaderLoader]
                public static User? {|LOGIN005:FromNumber|}(int value) => null;
            }
            """ + User;
        await new LoginFixTest<LoaderSignatureUnusableFix> { TestCode = code, FixedCode = code }.RunAsync();
        Assert.Empty(await OfferedFixes.TitlesAsync(new LoaderSignatureUnusableFix(), code));
    }
}
