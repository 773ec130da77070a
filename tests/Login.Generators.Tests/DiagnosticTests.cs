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

    [Theory]
    [InlineData("int", "'int'")]
    [InlineData("object", "'object'")]
    [InlineData("System.Uri", "'System.Uri'")]
    [InlineData("System.Collections.Generic.Dictionary<string, string>", "'System.Collections.Generic.Dictionary<string, string>'")]
    [InlineData("int[]", "'int[]'")]
    public void LOGIN011_LoginClaim_member_of_a_type_that_cannot_be_claims(string type, string shown)
    {
        var diagnostic = SingleProblem($$"""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }

                [Login.LoginClaim("level")]
                public {{type}} [|Level|] { get; init; } = default!;
            }
            """ + Loader);

        Assert.Equal("LOGIN011", diagnostic.Id);
        Assert.Contains($"'User.Level' is marked [LoginClaim] but its type {shown} cannot be made into claims", diagnostic.GetMessage());
        Assert.Contains("make it a string, string[], IEnumerable<string> or an enum", diagnostic.GetMessage());
        Assert.Contains("format the value into a string property yourself", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN011_on_a_field_is_reported_at_the_field()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }

                [Login.LoginClaim("age")]
                public int [|age|];
            }
            """ + Loader);

        Assert.Equal("LOGIN011", diagnostic.Id);
    }

    [Fact]
    public void LoginClaim_members_of_every_supported_type_compile_without_a_diagnostic()
    {
        var source = """
            using System.Collections.Generic;
            using Login;

            public enum Tier { Basic, Gold }

            [LoginUser]
            public partial class User
            {
                public int Id { get; init; }
                [LoginClaim("a")] public string A { get; init; } = "";
                [LoginClaim("b")] public string? B { get; init; }
                [LoginClaim("c")] public string[] C { get; init; } = [];
                [LoginClaim("d")] public IEnumerable<string>? D { get; init; }
                [LoginClaim("e")] public List<string> E { get; init; } = [];
                [LoginClaim("f")] public IReadOnlyList<string?> F { get; init; } = [];
                [LoginClaim("g")] public Tier G { get; init; }
                [LoginClaim("h")] public Tier? H { get; init; }
                [LoginClaim("i")] public HashSet<string> I = [];
            }
            """ + Loader;

        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source)));
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
    public void LOGIN005_loader_returning_something_that_is_no_user_at_all()
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
        Assert.StartsWith("[UserLoader] method 'LoadName' returns 'string?'; write it as 'public static User? LoadName(", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN008_loader_returning_a_class_of_the_users_own_suggests_marking_it()
    {
        var diagnostic = SingleProblem("""
            using System.Threading.Tasks;

            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public class Account
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? Load(int id) => null;

                [Login.RequestLoader]
                public static Task<Account?> [|FromApiKey|](Microsoft.AspNetCore.Http.HttpRequest request) => Task.FromResult<Account?>(null);
            }
            """);

        Assert.Equal("LOGIN008", diagnostic.Id);
        Assert.StartsWith("[RequestLoader] method 'FromApiKey' returns 'System.Threading.Tasks.Task<Account?>', and 'Account' is not a [LoginUser] type", diagnostic.GetMessage());
        Assert.EndsWith(", or mark 'Account' [LoginUser]", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN005_request_loader_whose_first_parameter_is_not_the_request()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.RequestLoader]
                public static User? [|FromApiKey|](int key) => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.StartsWith("[RequestLoader] method 'FromApiKey' takes its first parameter 'key' as 'int', not as HttpRequest or HttpContext", diagnostic.GetMessage());
        Assert.Contains("write it as 'public static User? FromApiKey(HttpRequest request, ...)'", diagnostic.GetMessage());
        Assert.Contains("taking the HttpRequest or HttpContext first", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN005_header_loader_whose_first_parameter_is_not_a_string()
    {
        var diagnostic = SingleProblem("""
            using System.Threading.Tasks;

            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? Load(int id) => null;

                [Login.HeaderLoader]
                public static Task<User?> [|FromToken|](System.ReadOnlyMemory<char> token) => Task.FromResult<User?>(null);
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.StartsWith("[HeaderLoader] method 'FromToken' takes its header value 'token' as 'System.ReadOnlyMemory<char>', not as a string", diagnostic.GetMessage());
        Assert.Contains("write it as 'public static User? FromToken(string headerValue, ...)'", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN005_user_loader_suggests_the_users_own_id_type()
    {
        var diagnostic = SingleProblem("""
            [Login.LoginUser]
            public partial class Account
            {
                public System.Guid Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static Account? [|Load|]() => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.Contains("takes no id", diagnostic.GetMessage());
        Assert.Contains("write it as 'public static Account? Load(Guid id, ...)'", diagnostic.GetMessage());
    }

    /// <summary>
    /// The stored id is the id member formatted as text, so a loader taking any other type (but string) never parses it:
    /// login succeeds and every later request is anonymous. Reported at the loader's name, as every LOGIN005 is.
    /// </summary>
    [Fact]
    public void LOGIN005_user_loader_whose_id_is_not_the_type_of_the_users_id()
    {
        var diagnostic = SingleProblem("""
            using System;

            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? [|Load|](Guid id, IServiceProvider services) => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.StartsWith(
            "[UserLoader] method 'Load' takes its id 'id' as 'Guid', but the id of User is 'Id', of type 'int', so no stored id would ever load a user; " +
            "change the first parameter to int (the type of User.Id) or string; write it as 'public static User? Load(int id, ...)'",
            diagnostic.GetMessage());
    }

    /// <summary>Each way of getting the id's type wrong, with the type the message tells the user to write instead.</summary>
    [Theory]
    // A wider or narrower number parses some ids and not others.
    [InlineData("public long Id { get; init; }", "int id", "long", "Id")]
    [InlineData("public int Id { get; init; }", "long id", "int", "Id")]
    // A nullable id: the stored id is never null, and Nullable<int> does not parse itself.
    [InlineData("public int Id { get; init; }", "int? id", "int", "Id")]
    // A string id parsed to a Guid: ids that are not Guids never load.
    [InlineData("public string Id { get; init; } = \"\";", "Guid id", "string", "Id")]
    // The member marked [LoginId] decides, not a member called Id.
    [InlineData("public int Id { get; init; } [Login.LoginId] public Guid Key { get; init; }", "int id", "Guid", "Key")]
    // A strongly typed id: the loader must take it, not the number inside it.
    [InlineData("public UserId Id { get; init; }", "int id", "UserId", "Id")]
    public void LOGIN005_user_loader_id_type_mismatch_says_which_type_to_write(string idMember, string loaderId, string write, string member)
    {
        var diagnostic = SingleProblem($$"""
            using System;
            using System.Diagnostics.CodeAnalysis;

            public readonly record struct UserId(int Value) : IParsable<UserId>, IFormattable
            {
                public static UserId Parse(string s, IFormatProvider? provider) => new(int.Parse(s, provider));
                public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out UserId result)
                {
                    var ok = int.TryParse(s, provider, out var value);
                    result = new(value);
                    return ok;
                }
                public string ToString(string? format, IFormatProvider? provider) => Value.ToString(format, provider);
            }

            [Login.LoginUser]
            public partial class User
            {
                {{idMember}}
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? [|Load|]({{loaderId}}) => null;
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        var wrongType = loaderId.Substring(0, loaderId.LastIndexOf(' '));
        Assert.StartsWith($"[UserLoader] method 'Load' takes its id 'id' as '{wrongType}', but the id of User is '{member}'", diagnostic.GetMessage());
        var to = write == "string" ? $"change the first parameter to string (the type of User.{member})" : $"change the first parameter to {write} (the type of User.{member}) or string";
        Assert.Contains(to, diagnostic.GetMessage());
        Assert.Contains($"write it as 'public static User? Load({write} id, ...)'", diagnostic.GetMessage());
    }

    /// <summary>Two id types of one name: the message names them in full, or it would read "takes 'UserId', the id is 'UserId'".</summary>
    [Fact]
    public void LOGIN005_user_loader_taking_another_type_of_the_same_name_names_both_in_full()
    {
        var diagnostic = SingleProblem("""
            namespace Legacy
            {
                public readonly record struct UserId(long Value) : System.IParsable<UserId>, System.IFormattable
                {
                    public static UserId Parse(string s, System.IFormatProvider? provider) => new(long.Parse(s, provider));
                    public static bool TryParse(string? s, System.IFormatProvider? provider, out UserId result)
                    {
                        var ok = long.TryParse(s, provider, out var value);
                        result = new(value);
                        return ok;
                    }
                    public string ToString(string? format, System.IFormatProvider? provider) => Value.ToString(format, provider);
                }
            }

            namespace Shop
            {
                public readonly record struct UserId(System.Guid Value) : System.IParsable<UserId>, System.IFormattable
                {
                    public static UserId Parse(string s, System.IFormatProvider? provider) => new(System.Guid.Parse(s, provider));
                    public static bool TryParse(string? s, System.IFormatProvider? provider, out UserId result)
                    {
                        var ok = System.Guid.TryParse(s, provider, out var value);
                        result = new(value);
                        return ok;
                    }
                    public string ToString(string? format, System.IFormatProvider? provider) => Value.ToString(format, provider);
                }

                [Login.LoginUser]
                public partial class User
                {
                    public UserId Id { get; init; }
                }

                public static class Loaders
                {
                    [Login.UserLoader]
                    public static User? [|Load|](Legacy.UserId id) => null;
                }
            }
            """);

        Assert.Equal("LOGIN005", diagnostic.Id);
        Assert.StartsWith(
            "[UserLoader] method 'Load' takes its id 'id' as 'Legacy.UserId', but the id of User is 'Id', of type 'Shop.UserId', so no stored id would ever load a user; " +
            "change the first parameter to Shop.UserId (the type of User.Id) or string",
            diagnostic.GetMessage());
    }

    /// <summary>
    /// The loaders that do work report nothing: the id member's type however it is spelled (keyword, alias, nullable
    /// reference annotation, strongly typed id, the [LoginId] member) or a string, and, when the user wrote GetId() and
    /// Login cannot see what it formats, any type that parses itself.
    /// </summary>
    [Theory]
    [InlineData("public int Id { get; init; }", "int id")]
    [InlineData("public int Id { get; init; }", "string id")]
    [InlineData("public int Id { get; init; }", "string? id")]
    [InlineData("public int Id { get; init; }", "Int32 id")]
    [InlineData("public int Id { get; init; }", "Number id")]
    [InlineData("public Guid Id { get; init; }", "System.Guid id")]
    [InlineData("public string Id { get; init; } = \"\";", "string id")]
    [InlineData("public Name Id { get; init; } = new(\"\");", "Name? id")]
    [InlineData("public UserId Id { get; init; }", "UserId id")]
    [InlineData("public UserId Id { get; init; }", "string id")]
    [InlineData("public string Id { get; init; } = \"\"; [Login.LoginId] public long Key { get; init; }", "long id")]
    [InlineData("public int Id { get; init; } public string? GetId() => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);", "int id")]
    [InlineData("public int Number { get; init; } public string? GetId() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);", "long id")]
    public void User_loader_taking_the_ids_type_or_a_string_reports_nothing(string idMember, string loaderId)
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile($$"""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using Number = System.Int32;

            public readonly record struct UserId(int Value) : IParsable<UserId>, IFormattable
            {
                public static UserId Parse(string s, IFormatProvider? provider) => new(int.Parse(s, provider));
                public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out UserId result)
                {
                    var ok = int.TryParse(s, provider, out var value);
                    result = new(value);
                    return ok;
                }
                public string ToString(string? format, IFormatProvider? provider) => Value.ToString(format, provider);
            }

            public sealed record Name(string Value) : IParsable<Name>, IFormattable
            {
                public static Name Parse(string s, IFormatProvider? provider) => new(s);
                public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Name result)
                {
                    result = s is null ? null : new(s);
                    return s is not null;
                }
                public string ToString(string? format, IFormatProvider? provider) => Value;
            }

            [Login.LoginUser]
            public partial class User
            {
                {{idMember}}
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? Load({{loaderId}}) => null;
            }
            """));

        Assert.Empty(problems);
    }

    [Fact]
    public void LOGIN006_two_user_loaders_for_one_user_type()
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
            }

            public static class MoreLoaders
            {
                [Login.UserLoader]
                public static System.Threading.Tasks.ValueTask<User?> [|LoadAsync|](string id) => default;
            }
            """);

        Assert.Equal("LOGIN006", diagnostic.Id);
        Assert.Equal(
            "[UserLoader] method 'MoreLoaders.LoadAsync' loads 'User', which [UserLoader] method 'Loaders.Load' already loads; " +
            "keep one: delete the other method or remove its [UserLoader] attribute",
            diagnostic.GetMessage());
    }

    /// <summary>As with every error, the method reported is left out: with LOGIN006 suppressed, the first loader still wins.</summary>
    [Fact]
    public void LOGIN006_the_second_user_loader_is_not_registered()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("""
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
                public static User? LoadAgain(int id) => null;
            }
            """));

        var loaders = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Login.UserLoaders.g.cs").SourceText.ToString();
        Assert.Contains("global::Loaders.Load(parsedId)", loaders);
        Assert.DoesNotContain("LoadAgain", loaders);
    }

    /// <summary>
    /// LOGIN004 is reported while the user type is analysed, not at the end of the compilation, so that an IDE shows it
    /// (and its code fix) as the user types; it still finds the loaders wherever they are and however the attribute is
    /// written.
    /// </summary>
    [Fact]
    public void LOGIN004_is_reported_with_the_type_not_at_the_end_of_the_compilation()
    {
        Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, Diagnostics.DiagnosticDescriptors.UserTypeHasNoLoader.CustomTags);
    }

    [Theory]
    [InlineData("namespace Elsewhere.Deeper { public static class Loaders { [Login.UserLoader] public static User? Load(int id) => null; } }")]
    [InlineData("public static class Outer { public static class Loaders { [Login.UserLoaderAttribute()] public static User? Load(int id) => null; } }")]
    [InlineData("using UL = Login.UserLoaderAttribute; public static class Loaders { [UL] public static User? Load(int id) => null; }")]
    [InlineData("public static class Loaders { [global::Login.HeaderLoader] public static System.Threading.Tasks.Task<User?> FromToken(string token) => System.Threading.Tasks.Task.FromResult<User?>(null); }")]
    [InlineData("public partial class Loaders { [Login.UserLoader] public static System.Threading.Tasks.ValueTask<User?> Load(int id) => default; }")]
    public void A_loader_anywhere_in_the_project_is_found_without_LOGIN004(string loaderFile)
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(
            """
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }
            """,
            loaderFile));

        Assert.Empty(problems);
    }

    [Fact]
    public void A_global_alias_of_the_loader_attribute_in_another_file_is_a_loader_attribute()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(
            "global using Loads = Login.UserLoaderAttribute;",
            """
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }
            """,
            "public static class Loaders { [Loads] public static User? Load(int id) => null; }"));

        Assert.Empty(problems);
    }

    /// <summary>An attribute that only looks like a loader attribute by name does not make a loader.</summary>
    [Fact]
    public void A_look_alike_attribute_is_no_loader()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(
            """
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }
            """,
            """
            public sealed class UserLoaderAttribute : System.Attribute;
            public static class Loaders { [UserLoader] public static User? Load(int id) => null; }
            """));

        Assert.Equal("LOGIN004", Assert.Single(problems).Id);
    }

    [Fact]
    public void Only_a_request_loader_is_a_loader_no_LOGIN004()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.RequestLoader]
                public static User? FromApiKey(Microsoft.AspNetCore.Http.HttpRequest request) => null;
            }
            """));

        Assert.Empty(problems);
    }

    [Fact]
    public void Only_a_header_loader_is_a_loader_no_LOGIN004()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.HeaderLoader]
                public static User? FromToken(string headerValue) => null;
            }
            """));

        Assert.Empty(problems);
    }

    /// <summary>Several request or header loaders for one type are tried in order: not LOGIN006.</summary>
    [Fact]
    public void Two_request_loaders_and_two_header_loaders_for_one_user_type_are_fine()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile("""
            using Microsoft.AspNetCore.Http;

            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }

            public static class Loaders
            {
                [Login.UserLoader]
                public static User? Load(int id) => null;

                [Login.RequestLoader]
                public static User? FromApiKey(HttpRequest request) => null;

                [Login.RequestLoader]
                public static User? FromItems(HttpContext context) => null;

                [Login.HeaderLoader]
                public static User? FromBearer(string headerValue) => null;

                [Login.HeaderLoader]
                public static User? FromBasic(string headerValue, HttpContext context) => null;
            }
            """));

        Assert.Empty(problems);
    }

    [Fact]
    public void LOGIN006_is_reported_at_the_loader_in_the_later_file_and_the_first_one_is_registered()
    {
        var (source, span) = MarkedSource.Parse("""
            public static class MoreLoaders
            {
                [Login.UserLoader]
                public static User? [|LoadAgain|](int id) => null;
            }
            """);
        var compilation = GeneratorHarness.Compile("""
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }
            """ + Loader, source);

        var diagnostic = Assert.Single(GeneratorHarness.ProblemsAfterGeneration(compilation));
        Assert.Equal("LOGIN006", diagnostic.Id);
        Assert.Equal("File1.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.StartsWith("[UserLoader] method 'MoreLoaders.LoadAgain' loads 'User', which [UserLoader] method 'Loaders.Load' already loads", diagnostic.GetMessage());

        var (result, _) = GeneratorHarness.Run(compilation);
        var loaders = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Login.UserLoaders.g.cs").SourceText.ToString();
        Assert.Contains("global::Loaders.Load(parsedId)", loaders);
        Assert.DoesNotContain("LoadAgain", loaders);
    }

    /// <summary>
    /// The generator reports nothing itself, and registers nothing the analyzer reports: no loader with an error, no loader
    /// of a user type with an error. A user type that is not partial gets nothing (a part cannot be added to it); one
    /// with no usable id gets its IUser members, whose GetId() throws, so that code passing it as an IUser still compiles
    /// (<see cref="A_user_type_without_a_usable_id_gets_its_one_error_and_no_follow_on_errors"/>). That is why each
    /// diagnostic test above sees its one diagnostic and no compiler errors from generated code.
    /// </summary>
    [Theory]
    [InlineData("public class User { public int Id { get; init; } }", "public static class Loaders { [Login.UserLoader] public static User? Load(int id) => null; }", false)]
    [InlineData("public partial class User { public string Email { get; init; } = \"\"; }", "public static class Loaders { [Login.UserLoader] public static User? Load(int id) => null; }", true)]
    [InlineData("public partial class User { public object Id { get; init; } = new(); }", "public static class Loaders { [Login.UserLoader] public static User? Load(int id) => null; }", true)]
    [InlineData("public partial class User { public int Id { get; init; } }", "public class Loaders { [Login.UserLoader] public User? Load(int id) => null; }", true)]
    [InlineData("public partial class User { public int Id { get; init; } }", "public static class Loaders { [Login.UserLoader] public static User? Load() => null; }", true)]
    public void Nothing_is_registered_for_what_the_analyzer_reports(string user, string loaders, bool userMembersWritten)
    {
        var compilation = GeneratorHarness.Compile("[Login.LoginUser]\n" + user + "\n\n" + loaders);

        var (result, output) = GeneratorHarness.Run(compilation);

        Assert.Empty(result.Diagnostics);
        var generated = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(userMembersWritten, generated.Contains("User.LoginUser.g.cs"));
        Assert.DoesNotContain("Login.UserLoaders.g.cs", generated);
        Assert.Single(GeneratorHarness.Analyze(output));
    }

    /// <summary>
    /// A user type whose id is missing (LOGIN002) or cannot round-trip (LOGIN003) still gets its IUser members, with a
    /// GetId() that throws, so the rest of the program type-checks while the error stands: the user sees that one error,
    /// not a CS1503 at every LoginUserAsync(user) and a CS0311 at every GetCurrentUserAsync&lt;User&gt;(). Compiled with the
    /// generator and the analyzer, as a build does; every error and warning counts.
    /// </summary>
    [Theory]
    [InlineData("LOGIN002", "public partial class [|User|]\n{\n    public string Email { get; init; } = \"\";\n}")]
    [InlineData("LOGIN003", "public partial class User\n{\n    public object [|Id|] { get; init; } = new();\n    public string Email { get; init; } = \"\";\n}")]
    [InlineData("LOGIN003", "public partial class User\n{\n    [SessionStamp] public string Stamp { get; init; } = \"\";\n    [LoginId] public Uri [|Home|] { get; init; } = new(\"https://example.com\");\n    public string Email { get; init; } = \"\";\n}")]
    public void A_user_type_without_a_usable_id_gets_its_one_error_and_no_follow_on_errors(string id, string user)
    {
        var (source, span) = MarkedSource.Parse("""
            using System;
            using System.Threading.Tasks;
            using Login;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            [LoginUser]
            """ + user + """


            public static class Users
            {
                [UserLoader]
                public static User? Load(string email) => new User { Email = email };
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", [LoginRequired] (User user) => user.Email);
                    app.MapPost("/login", async (HttpContext http) =>
                    {
                        var user = Users.Load("a@example.com")!;
                        return await http.LoginUserAsync(user, remember: true) ? Results.Ok(user.GetId()) : Results.Unauthorized();
                    });
                    app.MapGet("/whoami", async (HttpContext http) => (await http.GetCurrentUserAsync<User>())?.Email);
                }

                public static bool SameUser(User a, IUser b) => a.Equals(b) && a.IsAuthenticated && !a.IsAnonymous;
            }
            """);

        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source));

        Assert.Equal([id], problems.Select(problem => problem.Id));
        Assert.Equal(span, problems[0].Location.SourceSpan);
    }

    [Fact]
    public void A_pragma_suppresses_the_analyzers_diagnostic()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile("""
            #pragma warning disable LOGIN004
            [Login.LoginUser]
            public partial class User
            {
                public int Id { get; init; }
            }
            #pragma warning restore LOGIN004
            """));

        Assert.Empty(problems);
    }

    /// <summary>Runs the generator and the analyzer, and returns the one diagnostic, checking it points at the marked span.</summary>
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
