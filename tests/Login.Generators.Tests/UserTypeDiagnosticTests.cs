using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>
/// Several user types (issue 18, SPEC §10): LOGIN013 (<c>[LoginRequired&lt;T&gt;]</c> of a type that is not
/// <c>[LoginUser]</c>), LOGIN014 (keys), LOGIN015 (user parameters that disagree with the guard), and the generic guard
/// attributes counting wherever the non-generic ones do (weaving, LOGIN007, LOGIN009, LOGIN010, LOGIN012). Each
/// positive case has its fixed form, which reports nothing.
/// </summary>
public class UserTypeDiagnosticTests
{
    private const string Usings = """
        using System;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        """;

    /// <summary>Two user types whose ids overlap: Customer (key "Customer") and Admin (key "admin").</summary>
    private const string TwoUserTypes = """

        [LoginUser]
        public partial class Customer
        {
            public int Id { get; init; }

            [UserLoader]
            public static Customer? Load(int id) => null;
        }

        [LoginUser("admin")]
        public partial class Admin
        {
            public int Id { get; init; }

            [UserLoader]
            public static Admin? Load(int id) => null;
        }

        /// <summary>A user class written by hand: the attribute's constraint (class, IUser) lets it through.</summary>
        public sealed class Staff : IUser
        {
            public bool IsActive => true;
            public bool IsAuthenticated => true;
            public bool IsAnonymous => false;
            public string? GetId() => "staff";
        }
        """;

    // LOGIN013

    [Theory]
    [InlineData("""app.MapGet("/staff", [[|LoginRequired<Staff>|]] () => "x");""", "[LoginRequired<Staff>]", "LoginRequired")]
    [InlineData("""app.MapPost("/staff", [[|FreshLoginRequired<Staff>|]] () => "x");""", "[FreshLoginRequired<Staff>]", "FreshLoginRequired")]
    [InlineData("""app.MapGet("/staff", Marked);""", "[LoginRequired<Staff>]", "LoginRequired")]
    public void LOGIN013_a_guard_of_a_type_that_is_not_LoginUser_names_the_projects_user_types(string mapping, string written, string attribute)
    {
        var diagnostic = SingleDiagnostic(Endpoints(mapping), DiagnosticSeverity.Error);

        Assert.Equal("LOGIN013", diagnostic.Id);
        Assert.Equal(
            $"'Staff' in {written} is not a [LoginUser] type, so no login is ever of that type and nobody could get past this guard; " +
            $"write it with one of this project's [LoginUser] types (Admin, Customer), such as [{attribute}<Admin>], or [{attribute}] for any user type",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN013_on_a_controller_and_on_a_hub_method()
    {
        var problems = Problems(Usings + """
            [[|LoginRequired<Staff>|]]
            public sealed class StaffController : Microsoft.AspNetCore.Mvc.ControllerBase
            {
                public string Index() => "x";
            }

            public sealed class StaffHub : Microsoft.AspNetCore.SignalR.Hub
            {
                [FreshLoginRequired<Staff>]
                public string Ping() => "pong";
            }
            """ + TwoUserTypes);

        Assert.Equal(["LOGIN013", "LOGIN013"], problems.Select(d => d.Id));
        Assert.Contains(problems, d => d.GetMessage().StartsWith("'Staff' in [FreshLoginRequired<Staff>]", StringComparison.Ordinal));
    }

    [Fact]
    public void LOGIN013_without_any_user_type_says_to_mark_it()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app) => app.MapGet("/x", [[|LoginRequired<Staff>|]] () => "x");
            }

            public sealed class Staff : IUser
            {
                public bool IsActive => true;
                public bool IsAuthenticated => true;
                public bool IsAnonymous => false;
                public string? GetId() => "staff";
            }
            """, DiagnosticSeverity.Error);

        Assert.Equal("LOGIN013", diagnostic.Id);
        Assert.EndsWith(
            "mark 'Staff' [LoginUser] (a partial class with an id and a [UserLoader]), or write [LoginRequired] for any user type",
            diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("""app.MapGet("/admin", [LoginRequired<Admin>] () => "x");""")]
    [InlineData("""app.MapPost("/admin", [FreshLoginRequired<Admin>] () => "x");""")]
    [InlineData("""app.MapGet("/customer", [LoginRequired<Customer>] (Customer c) => c.Id);""")]
    [InlineData("""app.MapGet("/any", [LoginRequired] () => "x");""")]
    public void No_LOGIN013_for_LoginUser_types(string mapping) =>
        Assert.Empty(Problems(Endpoints(mapping)));

    // LOGIN014

    [Fact]
    public void LOGIN014_two_classes_named_User_in_two_namespaces_have_the_same_key()
    {
        var diagnostic = SingleDiagnostic("""
            using Login;

            namespace Shop
            {
                [LoginUser]
                public partial class User
                {
                    public int Id { get; init; }

                    [UserLoader]
                    public static User? Load(int id) => null;
                }
            }

            namespace Backoffice
            {
                [[|LoginUser|]]
                public partial class User
                {
                    public int Id { get; init; }

                    [UserLoader]
                    public static User? Load(int id) => null;
                }
            }
            """, DiagnosticSeverity.Error);

        Assert.Equal("LOGIN014", diagnostic.Id);
        Assert.Equal(
            "The user type key \"User\" of 'Backoffice.User' is the key of 'Shop.User' too, so their logins could not be told apart; " +
            "give one of them a key of its own, such as [LoginUser(\"backoffice-user\")]",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN014_an_explicit_key_that_is_another_types_default_key()
    {
        var diagnostic = SingleDiagnostic("""
            using Login;

            [LoginUser]
            public partial class Customer
            {
                public int Id { get; init; }

                [UserLoader]
                public static Customer? Load(int id) => null;
            }

            [[|LoginUser("Customer")|]]
            public partial class Admin
            {
                public int Id { get; init; }

                [UserLoader]
                public static Admin? Load(int id) => null;
            }
            """, DiagnosticSeverity.Error);

        Assert.Equal("LOGIN014", diagnostic.Id);
        Assert.StartsWith("The user type key \"Customer\" of 'Admin' is the key of 'Customer' too", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"back office\"", "back office")]
    [InlineData("\"admin/1\"", "admin/1")]
    [InlineData("\"admin\\u00e9\"", "admin\u00e9")]
    [InlineData("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void LOGIN014_a_key_Login_cannot_record(string argument, string key)
    {
        var diagnostic = SingleDiagnostic($$"""
            using Login;

            [[|LoginUser({{argument}})|]]
            public partial class Admin
            {
                public int Id { get; init; }

                [UserLoader]
                public static Admin? Load(int id) => null;
            }
            """, DiagnosticSeverity.Error);

        Assert.Equal("LOGIN014", diagnostic.Id);
        Assert.Equal(
            $"The user type key \"{key}\" of 'Admin' cannot be recorded in a cookie: a key is 1 to 64 letters, digits, '-', '_' or '.'; " +
            "name the key in [LoginUser(\"...\")] with those characters only, such as [LoginUser(\"admin\")]",
            diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("Backoffice", "[LoginUser(\"backoffice-user\")]")]
    [InlineData("Backoffice", "[LoginUser(\"a.b_c-64-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\")]")]
    [InlineData("Backoffice", "[LoginUser(null!)] public partial class Staff { public int Id { get; init; } [UserLoader] public static Staff? Load(int id) => null; } [LoginUser]")]
    public void No_LOGIN014_for_keys_of_their_own(string space, string attribute)
    {
        var problems = Problems($$"""
            using Login;

            namespace Shop
            {
                [LoginUser]
                public partial class User
                {
                    public int Id { get; init; }

                    [UserLoader]
                    public static User? Load(int id) => null;
                }
            }

            namespace {{space}}
            {
                {{attribute}}
                public partial class Customer
                {
                    public int Id { get; init; }

                    [UserLoader]
                    public static Customer? Load(int id) => null;
                }
            }
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void The_two_user_types_of_the_test_app_report_nothing() => Assert.Empty(Problems(Usings + TwoUserTypes));

    // LOGIN015

    [Theory]
    [InlineData("""app.MapGet("/orders", [LoginRequired<Customer>] ([|Admin admin|]) => admin.Id);""", "admin", "Admin", "[LoginRequired<Customer>]", "Customer", "LoginRequired")]
    [InlineData("""app.MapGet("/orders", [FreshLoginRequired<Customer>] ([|Admin? admin|]) => admin?.Id);""", "admin", "Admin", "[FreshLoginRequired<Customer>]", "Customer", "FreshLoginRequired")]
    [InlineData("""app.MapGet("/orders", Orders);""", "customer", "Customer", "[LoginRequired<Admin>]", "Admin", "LoginRequired")]
    public void LOGIN015_a_user_parameter_of_another_type_than_the_guard_requires(
        string mapping, string parameter, string type, string guard, string required, string attribute)
    {
        var diagnostic = SingleDiagnostic(Endpoints(mapping), DiagnosticSeverity.Error);

        Assert.Equal("LOGIN015", diagnostic.Id);
        Assert.Equal(
            $"Parameter '{parameter}' takes the user type '{type}' but {guard} on the handler requires a login of type '{required}', so no request could ever reach this handler; " +
            $"require the parameter's type ([{attribute}<{type}>]) or take a parameter of type '{required}'",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN015_two_user_parameters_of_two_types()
    {
        var diagnostic = SingleDiagnostic(
            Endpoints("""app.MapGet("/compare", [LoginRequired] (Customer customer, [|Admin admin|]) => customer.Id + admin.Id);"""),
            DiagnosticSeverity.Error);

        Assert.Equal("LOGIN015", diagnostic.Id);
        Assert.Equal(
            "Parameters 'customer' ('Customer') and 'admin' ('Admin') are of two user types, and a login is of one, so no request could ever reach this handler; " +
            "keep the parameter of the type the handler is for, and load the other user yourself if it needs one",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN015_on_a_method_group_mapped_twice_is_reported_once()
    {
        var problems = Problems(Endpoints("""app.MapGet("/orders", Orders); app.MapPost("/orders", Orders);"""));

        Assert.Equal("LOGIN015", Assert.Single(problems).Id);
    }

    [Fact]
    public void LOGIN015_on_an_MVC_action_reads_the_controllers_guard()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            [LoginRequired<Customer>]
            public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
            {
                public string Index([|Admin admin|]) => "x";

                [LoginRequired<Admin>]
                private string NotAnAction(Customer customer) => "x";
            }
            """ + TwoUserTypes, DiagnosticSeverity.Error);

        Assert.Equal("LOGIN015", diagnostic.Id);
        Assert.StartsWith(
            "Parameter 'admin' takes the user type 'Admin' but [LoginRequired<Customer>] on class 'OrdersController' requires a login of type 'Customer'",
            diagnostic.GetMessage());
    }

    /// <summary>ASP.NET Core asks a controller action's parameter types for metadata, not a Razor Pages handler's.</summary>
    [Fact]
    public void No_LOGIN015_on_a_page_handler()
    {
        var problems = Problems(Usings + """
            [LoginRequired<Customer>]
            public sealed class OrdersModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
            {
                public void OnGet(Admin admin) { }
            }
            """ + TwoUserTypes);

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""app.MapGet("/admin", [LoginRequired<Admin>] (Admin admin) => admin.Id);""")]
    [InlineData("""app.MapGet("/admin", [FreshLoginRequired<Admin>] (Admin admin, HttpContext http) => admin.Id);""")]
    [InlineData("""app.MapGet("/admin", [LoginRequired] (Admin admin) => admin.Id);""")]
    [InlineData("""app.MapGet("/anyone", (Customer? customer, Admin? admin) => customer?.Id ?? admin?.Id);""")]
    [InlineData("""app.MapGet("/admin", [LoginRequired<Admin>] (Admin first, Admin second) => first.Id);""")]
    public void No_LOGIN015_when_parameters_and_guard_agree_or_nothing_guards(string mapping) =>
        Assert.Empty(Problems(Endpoints(mapping)));

    // The generic forms count wherever the non-generic ones do.

    [Theory]
    [InlineData("""app.MapGet("/admin", [LoginRequired<Admin>] (Admin admin) => admin.Id);""")]
    [InlineData("""app.MapGet("/admin", [FreshLoginRequired<Admin>] (Admin admin) => admin.Id);""")]
    [InlineData("""app.MapGet("/customer", [LoginRequired] (Customer customer) => customer.Id);""")]
    public void No_LOGIN007_when_a_generic_or_any_type_guard_is_on_the_handler(string mapping) =>
        Assert.Empty(Problems(Endpoints(mapping)));

    [Fact]
    public void LOGIN007_for_an_unguarded_parameter_of_each_user_type()
    {
        var problems = Problems(Endpoints("""
            app.MapGet("/customer", (Customer customer) => customer.Id);
            app.MapGet("/admin", (Admin admin) => admin.Id);
            """));

        Assert.Equal(["LOGIN007", "LOGIN007"], problems.Select(d => d.Id));
        Assert.Contains(problems, d => d.GetMessage().StartsWith("Parameter 'customer' needs a logged-in 'Customer'", StringComparison.Ordinal));
        Assert.Contains(problems, d => d.GetMessage().StartsWith("Parameter 'admin' needs a logged-in 'Admin'", StringComparison.Ordinal));
    }

    [Fact]
    public void LOGIN009_a_generic_guard_on_a_method_never_mapped()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Reports
            {
                [[|FreshLoginRequired<Admin>|]]
                public static string Monthly() => "x";

                public static void Map(WebApplication app) => app.MapGet("/monthly", () => Monthly());
            }
            """ + TwoUserTypes, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN009", diagnostic.Id);
        Assert.StartsWith("[FreshLoginRequired<Admin>] on method 'Reports.Monthly' guards nothing", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN012_names_the_generic_guard()
    {
        var diagnostic = SingleDiagnostic(
            Endpoints("""app.MapGroup("/open").AllowAnonymous().[|MapGet|]("/admin", [LoginRequired<Admin>] () => "x");"""),
            DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN012", diagnostic.Id);
        Assert.StartsWith("[LoginRequired<Admin>] on this handler is overridden by 'app.MapGroup(\"/open\").AllowAnonymous()'", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN010_for_a_generic_guard_when_the_Request_Delegate_Generator_owns_the_call()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(
            GeneratorHarness.Compile(Endpoints("""app.MapGet("/admin", [LoginRequired<Admin>] (Admin admin) => admin.Id);""")),
            requestDelegateGenerator: true);

        Assert.Equal("LOGIN010", Assert.Single(problems).Id);
    }

    /// <summary>
    /// Woven with the requirement the attribute makes: <c>FreshLoginRequiredAttribute&lt;T&gt;</c> derives from
    /// <c>LoginRequiredAttribute&lt;T&gt;</c>, not from <c>FreshLoginRequiredAttribute</c>, so reading it by base type
    /// alone would weave a plain login. Read without binding (a lambda, a method group) and by binding (a lambda of one
    /// HttpContext, whose body decides whether it is a RequestDelegate).
    /// </summary>
    [Theory]
    [InlineData("""app.MapGet("/x", [FreshLoginRequired<Admin>] (Admin admin) => admin.Id);""", "FreshLogin")]
    [InlineData("""app.MapGet("/x", FreshAdmin);""", "FreshLogin")]
    [InlineData("""app.MapGet("/x", [FreshLoginRequired<Admin>] (HttpContext context) => context.Response.WriteAsync("x"));""", "FreshLogin")]
    [InlineData("""app.MapGet("/x", [LoginRequired<Admin>] (Admin admin) => admin.Id);""", "Login")]
    [InlineData("""app.MapGet("/x", [LoginRequired<Admin>] (HttpContext context) => context.Response.WriteAsync("x"));""", "Login")]
    public void Generic_guards_are_woven_with_their_requirement(string mapping, string requirement)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Endpoints(mapping)));

        var guards = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Login.Guards.g.cs").SourceText.ToString();
        Assert.Single(guards.Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Skip(1));
        Assert.Contains($"global::Login.Guards.LoginRequirement.{requirement});", guards);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.Analyze(output));
    }

    /// <summary>The mapping in a Map method, with the handler methods it names (and only those: an unmapped one is LOGIN009).</summary>
    private static string Endpoints(string mapping)
    {
        var methods = new List<string>();
        if (mapping.Contains("Marked", StringComparison.Ordinal))
        {
            methods.Add("[[|LoginRequired<Staff>|]] public static string Marked() => \"x\";");
        }

        if (mapping.Contains("Orders", StringComparison.Ordinal))
        {
            methods.Add("[LoginRequired<Admin>] public static int Orders([|Customer customer|]) => customer.Id;");
        }

        if (mapping.Contains("FreshAdmin", StringComparison.Ordinal))
        {
            methods.Add("[FreshLoginRequired<Admin>] public static int FreshAdmin(Admin admin) => admin.Id;");
        }

        return Usings + $$"""
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    {{mapping}}
                }

                {{string.Join("\n    ", methods)}}
            }
            """ + TwoUserTypes;
    }

    private static List<Diagnostic> Problems(string source) =>
        [.. GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source.Replace("[|", "").Replace("|]", "")))
            .OrderBy(d => d.Location.SourceSpan.Start)];

    /// <summary>Runs the generator and the analyzer, and returns the one diagnostic, checking its severity and that it points at the marked span.</summary>
    private static Diagnostic SingleDiagnostic(string marked, DiagnosticSeverity severity)
    {
        var (source, span) = MarkedSource.Parse(marked);
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source));
        var diagnostic = Assert.Single(problems);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.True(diagnostic.Location.IsInSource, "the diagnostic must point into the user's source");
        Assert.Equal("Program.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
