using Microsoft.CodeAnalysis;

namespace Login.Generators.Tests;

/// <summary>
/// The handler diagnostics: LOGIN007 (a user parameter on an unguarded handler), LOGIN009 ([LoginRequired] where it
/// guards nothing) and LOGIN010 (a guard enforced at runtime). Each at the user's declaration, with what to write.
/// </summary>
public class HandlerDiagnosticTests
{
    private const string Usings = """
        using System;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        """;

    private const string UserAndLoader = """

        [LoginUser]
        public partial class User
        {
            public int Id { get; init; }
        }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => null;
        }
        """;

    [Fact]
    public void LOGIN007_user_parameter_on_a_handler_without_LoginRequired()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/me", ([|User user|]) => user.Id);
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN007", diagnostic.Id);
        Assert.Equal(
            "Parameter 'user' needs a logged-in 'User' but the handler has no [LoginRequired], so anonymous requests get 400 Bad Request " +
            "instead of the login page; add [LoginRequired] to the handler, call RequireLogin() on the endpoint or its route group, " +
            "or make the parameter nullable ('User? user') to accept anonymous requests",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN007_on_a_method_group_is_reported_once_at_its_parameter_however_often_it_is_mapped()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/me", Me);
                    app.MapPost("/me", Me);
                }

                private static string Me(HttpContext http, [|User current|]) => current.Id.ToString();
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN007", diagnostic.Id);
        Assert.Contains("make the parameter nullable ('User? current')", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("""app.MapGet("/me", (User? user) => user?.Id);""")]
    [InlineData("""app.MapGet("/me", [LoginRequired] (User user) => user.Id);""")]
    [InlineData("""app.MapGet("/me", [FreshLoginRequired] (User user) => user.Id);""")]
    [InlineData("""app.MapGet("/me", [Microsoft.AspNetCore.Authorization.Authorize] (User user) => user.Id);""")]
    [InlineData("""app.MapGet("/me", (User user) => user.Id).RequireLogin();""")]
    [InlineData("""app.MapGet("/me", (User user) => user.Id).WithName("me").RequireAuthorization();""")]
    [InlineData("""app.MapGroup("/account").RequireLogin().MapGet("/me", (User user) => user.Id);""")]
    [InlineData("""var group = app.MapGroup("/account"); group.MapGet("/me", (User user) => user.Id);""")]
    [InlineData("""MapAccount(app);""")]
    [InlineData("""app.MapGet("/me", ([Microsoft.AspNetCore.Mvc.FromServices] User user) => user.Id);""")]
    [InlineData("""app.MapGet("/me", (int id) => id);""")]
    [InlineData("#nullable disable\napp.MapGet(\"/me\", (User user) => user.Id);\n#nullable restore")]
    [InlineData("""app.MapGet("/me", (User user = null!) => user.Id);""")]
    public void No_LOGIN007_when_the_user_may_be_absent_or_the_endpoint_is_guarded_or_may_be(string mapping)
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(Usings + $$"""
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    {{mapping}}
                }

                // A helper handed an IEndpointRouteBuilder may be handed a group that requires a login.
                private static void MapAccount(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) =>
                    endpoints.MapGet("/me", (User user) => user.Id);
            }
            """ + UserAndLoader));

        Assert.Empty(problems);
    }

    [Fact]
    public void LOGIN009_LoginRequired_on_a_method_never_mapped()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Pages
            {
                [[|LoginRequired|]]
                public static string Secret() => "secret";

                public static void Map(WebApplication app) => app.MapGet("/secret", () => Secret());
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN009", diagnostic.Id);
        Assert.Equal(
            "[LoginRequired] on method 'Pages.Secret' guards nothing, because Login only guards Map* handlers, controllers, actions and " +
            "page models; pass it to a Map* method, as in app.MapGet(\"/path\", Secret), or remove the attribute",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN009_FreshLoginRequired_on_a_class_that_is_not_a_controller_or_page_model()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            [[|FreshLoginRequired|]]
            public static class AccountEndpoints
            {
                public static string Delete() => "deleted";

                public static void Map(WebApplication app) => app.MapDelete("/account", Delete);
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN009", diagnostic.Id);
        Assert.StartsWith("[FreshLoginRequired] on class 'AccountEndpoints' guards nothing", diagnostic.GetMessage());
        Assert.Contains("derive it from ControllerBase or PageModel, or put the attribute on the methods passed to app.MapGet(...)", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN009_LoginRequired_on_a_lambda_passed_to_something_other_than_a_Map_call()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Jobs
            {
                public static int Run(Func<int> job) => job();

                public static int Start() => Run([[|LoginRequired|]] () => 42);
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN009", diagnostic.Id);
        Assert.StartsWith("[LoginRequired] on a lambda passed to 'Run' guards nothing", diagnostic.GetMessage());
        Assert.EndsWith("pass the lambda to app.MapGet(...) or another Map* method, or remove the attribute", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("app.MapGroup(\"/open\").AllowAnonymous().[|MapGet|](\"/secret\", [LoginRequired] () => \"secret\");", "app.MapGroup(\"/open\").AllowAnonymous()")]
    [InlineData("var open = app.MapGroup(\"/open\").AllowAnonymous(); open.[|MapGet|](\"/secret\", [LoginRequired] () => \"secret\");", "app.MapGroup(\"/open\").AllowAnonymous()")]
    [InlineData("var open = app.MapGroup(\"/open\"); open.AllowAnonymous(); open.[|MapGet|](\"/secret\", [LoginRequired] () => \"secret\");", "open.AllowAnonymous()")]
    [InlineData("var open = app.MapGroup(\"/open\"); open.AllowAnonymous(); var inner = open.MapGroup(\"/inner\").WithTags(\"x\"); inner.[|MapPost|](\"/secret\", [FreshLoginRequired] () => \"secret\");", "open.AllowAnonymous()")]
    public void LOGIN012_a_route_groups_AllowAnonymous_overrides_the_handlers_requirement(string mapping, string allowAnonymous)
    {
        var diagnostic = SingleDiagnostic(Usings + $$"""
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    {{mapping}}
                }
            }
            """ + UserAndLoader, DiagnosticSeverity.Warning);

        Assert.Equal("LOGIN012", diagnostic.Id);
        var attribute = mapping.Contains("Fresh", StringComparison.Ordinal) ? "[FreshLoginRequired]" : "[LoginRequired]";
        Assert.Equal(
            $"{attribute} on this handler is overridden by '{allowAnonymous}' on its route group: [AllowAnonymous] wins over a requirement, " +
            "so anonymous requests reach it; remove AllowAnonymous() from the group, or map this handler outside it",
            diagnostic.GetMessage());
    }

    [Fact]
    public void No_LOGIN012_for_an_endpoint_opened_on_purpose_or_a_group_that_is_not_opened()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(Usings + """
            public static class Routes
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/opted-out", [LoginRequired] () => "open").AllowAnonymous(); // the endpoint itself: meant
                    var guarded = app.MapGroup("/guarded");
                    guarded.MapGet("/secret", [LoginRequired] () => "secret");
                    var other = app.MapGroup("/other");
                    other.AllowAnonymous();
                }
            }
            """ + UserAndLoader));

        Assert.DoesNotContain(problems, d => d.Id == "LOGIN012");
    }

    [Fact]
    public void No_LOGIN009_on_a_virtual_method_whose_override_is_mapped()
    {
        // Issue 21, item 10: the method group binds to the override, whose attributes include the virtual method's
        // [LoginRequired] (ASP.NET Core reads them with inherit: true), so the mapped handler is guarded.
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(Usings + """
            public class Handlers
            {
                [LoginRequired]
                public virtual string Secret() => "secret";
            }

            public sealed class AuditedHandlers : Handlers
            {
                public override string Secret() => "audited secret";
            }

            public static class Routes
            {
                public static void Map(WebApplication app) => app.MapGet("/secret", new AuditedHandlers().Secret);
            }
            """ + UserAndLoader));

        Assert.DoesNotContain(problems, d => d.Id == "LOGIN009");
    }

    [Fact]
    public void No_LOGIN009_on_handlers_controllers_actions_and_page_models()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(Usings + """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [LoginRequired]
            public class AccountController : Controller
            {
                public IActionResult Index() => Ok();
            }

            public class OrdersController : ControllerBase
            {
                [FreshLoginRequired]
                public IActionResult Cancel() => Ok();
            }

            [ApiController]
            public class Invoices
            {
                [LoginRequired]
                public string Get() => "invoices";
            }

            [LoginRequired]
            public class ProfileModel : PageModel
            {
                [FreshLoginRequired]
                public void OnPost() { }
            }

            [LoginRequired]
            public class ChatHub : Microsoft.AspNetCore.SignalR.Hub
            {
                // Guarded per call by Login's hub filter.
                [FreshLoginRequired]
                public string Transfer() => "sent";
            }

            [LoginRequired]
            public class SecretPage : Microsoft.AspNetCore.Components.ComponentBase
            {
            }

            // A gRPC service, mapped by MapGrpcService<GreeterService>(), derives from a generated base marked like this.
            [Grpc.Core.BindServiceMethod(typeof(GreeterBase), "BindService")]
            public abstract class GreeterBase
            {
            }

            [LoginRequired]
            public class GreeterService : GreeterBase
            {
            }

            public static class Endpoints
            {
                [LoginRequired]
                public static string Secret() => "secret";

                [LoginRequired]
                public static string Fallback() => "fallback";

                [LoginRequired]
                public static string Grouped() => "grouped";

                public static void Map(WebApplication app)
                {
                    app.MapGet("/secret", Secret);
                    app.MapFallback(Fallback);
                    app.MapHub<ChatHub>("/chat");
                    app.MapGroup("/g").MapGet("/grouped", Grouped);
                    app.MapGet("/lambda", [LoginRequired] () => "lambda");

                    [FreshLoginRequired]
                    string Local() => "local";
                    app.MapPost("/local", Local);
                }
            }
            """ + UserAndLoader + """

            namespace Grpc.Core
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class BindServiceMethodAttribute : Attribute
                {
                    public BindServiceMethodAttribute(Type bindType, string bindMethodName) { }
                }
            }
            """));

        // Only the information that MapFallback, which Login does not intercept, is guarded at runtime.
        Assert.Equal(["LOGIN010"], problems.Select(p => p.Id));
    }

    [Fact]
    public void LOGIN010_a_marked_handler_in_a_Delegate_variable_is_guarded_at_runtime()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    Delegate handler = [LoginRequired] (User user) => user.Id;
                    app.MapGet("/delegate", [|handler|]);
                }
            }
            """ + UserAndLoader, DiagnosticSeverity.Info);

        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.Equal(
            "The handler 'handler' is passed to MapGet as a delegate value, not as a lambda or method group, so Login cannot weave its " +
            "guard at compile time and any [LoginRequired] on the handler is enforced at runtime from endpoint metadata; keep " +
            "app.UseLogin() in the pipeline, or pass the lambda or method to MapGet directly so the guard is woven at compile time",
            diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN010_for_a_delegate_value_does_not_suggest_weaving_when_the_Request_Delegate_Generator_is_on()
    {
        var (source, span) = MarkedSource.Parse(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app, Delegate handler) => app.MapGet("/delegate", [|handler|]);
            }
            """ + UserAndLoader);
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source), requestDelegateGenerator: true);

        var diagnostic = Assert.Single(problems);
        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.StartsWith("The handler 'handler' is passed to MapGet as a delegate value", diagnostic.GetMessage());
        Assert.EndsWith("keep app.UseLogin() in the pipeline", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN010_a_RequestDelegate_field_is_guarded_at_runtime()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Endpoints
            {
                private static readonly RequestDelegate Handler = context => context.Response.WriteAsync("x");

                public static void Map(WebApplication app) => app.Map("/field", [|Handler|]);
            }
            """ + UserAndLoader, DiagnosticSeverity.Info);

        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.StartsWith("The handler 'Handler' is passed to Map as a delegate value", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN010_once_per_guarded_call_when_the_Request_Delegate_Generator_is_on()
    {
        var (source, span) = MarkedSource.Parse(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.[|MapGet|]("/secret", [LoginRequired] (User user) => user.Id);
                    app.MapGet("/open", () => "open");
                }
            }
            """ + UserAndLoader);
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(source), requestDelegateGenerator: true);

        var diagnostic = Assert.Single(problems);
        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.StartsWith("ASP.NET Core's Request Delegate Generator (EnableRequestDelegateGenerator=true) intercepts this MapGet call, so Login cannot weave", diagnostic.GetMessage());
        Assert.EndsWith("keep app.UseLogin() in the pipeline", diagnostic.GetMessage());
    }

    [Fact]
    public void LOGIN010_a_marked_handler_passed_to_MapFallback_is_guarded_at_runtime()
    {
        var diagnostic = SingleDiagnostic(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.[|MapFallback|]([LoginRequired] () => "not found");
            }
            """ + UserAndLoader, DiagnosticSeverity.Info);

        Assert.Equal("LOGIN010", diagnostic.Id);
        Assert.StartsWith("MapFallback is not one of the calls Login intercepts", diagnostic.GetMessage());
    }

    [Fact]
    public void No_LOGIN010_for_lambdas_method_groups_or_a_visibly_unmarked_delegate()
    {
        var problems = GeneratorHarness.ProblemsAfterGeneration(GeneratorHarness.Compile(Usings + """
            public static class Endpoints
            {
                [LoginRequired]
                private static string Secret() => "secret";

                public static void Map(WebApplication app)
                {
                    app.MapGet("/lambda", [LoginRequired] (User user) => user.Id);
                    app.MapGet("/method", Secret);
                    Delegate open = () => "open";
                    app.MapGet("/open", open);
                }
            }
            """ + UserAndLoader));

        Assert.Empty(problems);
    }

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
