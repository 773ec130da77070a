using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Tests;

/// <summary>
/// The generator reads which <c>Map*</c> method a call with a marked lambda binds to without binding the call
/// (<see cref="MapCallLookup"/>). These tests hold that reading to the compiler's: for every shape, the model it produces is
/// the one binding the call produces, the calls woven are exactly the ones the compiler binds to ASP.NET Core's
/// <c>Map*</c> with a marked handler, and the app with the guards compiles clean. They also pin which shapes are read
/// without binding, so the common ones cannot quietly fall back to the slow path.
/// </summary>
public class MapCallLookupTests
{
    public enum Path
    {
        /// <summary>Decided without binding the call.</summary>
        Read,

        /// <summary>Left to binding the call.</summary>
        Bound,
    }

    public static TheoryData<string, bool, Path> Shapes() => new()
    {
        // The shapes of a real app: read without binding.
        { """app.MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (User user) => user.Id);""", true, Path.Read },
        { """app.MapPost("/a", [FreshLoginRequired] async (int id, User user) => { await Task.Yield(); return id; });""", true, Path.Read },
        { """app.MapPut("/a", [LoginRequired] string () => "x");""", true, Path.Read },
        { """app.MapDelete("/a", [LoginRequired] static (int id) => id);""", true, Path.Read },
        { """app.MapPatch("/a", [LoginRequired] (int id = 3) => id);""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (HttpRequest request) => request.Path.Value);""", true, Path.Read },
        { """app.MapGet($"/a/{1}", [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapMethods("/a", new[] { "GET" }, [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapMethods("/a", ["GET", "POST"], [LoginRequired] () => "x");""", true, Path.Read },
        { """group.MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """endpoints.MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """endpoints.Map("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """endpoints.Map(pattern, [LoginRequired] () => "x");""", true, Path.Read },
        { """endpoints.Map(RoutePatternFactory.Parse("/a"), [LoginRequired] () => "x");""", true, Path.Read },
        { """var api = app.MapGroup("/api"); api.MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """Shared.MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """Configure(a => a.MapGet("/a", [LoginRequired] () => "x"));""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async Task<string> () => { await Task.Yield(); return "x"; });""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (User user, HttpContext context) => user.Id);""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (int? id, [Microsoft.AspNetCore.Mvc.FromQuery] string? q) => q);""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (params string[] names) => names.Length);""", true, Path.Read },
        { "app.MapGet(@\"/a\", [LoginRequired] () => \"x\");", true, Path.Read },
        { "app.MapGet(\"\"\"/a\"\"\", [LoginRequired] () => \"x\");", true, Path.Read },
        { """endpoints.Map("/a" + "/b", [LoginRequired] () => "x");""", true, Path.Read },
        { """const string Route = "/a"; endpoints.Map(Route, [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet("/a", [AdminOnly] () => "x");""", true, Path.Read },
        { """app.MapGet("/a", [Required] () => "x");""", true, Path.Read },
        { """app.MapGet("/a", [Obsolete, LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] [FreshLoginRequired] () => "x");""", true, Path.Read },

        // Marked with something else: nothing to weave, whatever the method.
        { """app.MapGet("/a", [Obsolete] () => "x");""", false, Path.Read },
        { """app.MapGet("/a", [return: NotNull] () => "x");""", false, Path.Read },
        { """app.MapGet("/a", [method: LoginRequired] () => "x");""", true, Path.Read },
        { """custom.MapGet("/a", [Obsolete] () => "x");""", false, Path.Read },

        // Method groups: one static method found by name, its signature choosing the overload (issue 20).
        { """app.MapPost("/a", Handlers.Get);""", true, Path.Read },
        { """app.MapPost("/a", Handlers.Post);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.Open);""", false, Path.Read },
        { """app.MapGet("/a", Marked);""", true, Path.Read },
        { """app.MapGet("/a", Endpoints.Marked);""", true, Path.Read },
        { """app.MapGet("/a", UserApp.Handlers.Get);""", true, Path.Read },
        { """app.MapGet("/a", H.Get);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.Nested.Get);""", true, Path.Read },
        { """app.MapGet("/a", DerivedHandlers.Inherited);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.Context);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.ContextString);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.ContextTaskOfString);""", true, Path.Read },
        { """app.MapGet("/a", Handlers.ObjectContext);""", true, Path.Read },
        { """app.MapMethods("/a", ["GET"], Handlers.Get);""", true, Path.Read },
        { """endpoints.Map(pattern, Handlers.Get);""", true, Path.Read },
        { """group.MapDelete("/a", Handlers.Context);""", true, Path.Read },
        { """[LoginRequired] static string Local() => "x"; app.MapGet("/a", Local);""", true, Path.Read },

        // Receivers that are chains of ASP.NET Core's methods: their return types give the receiver's type.
        { """app.MapGroup("/g").MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGroup("/g").MapGroup("/h").MapPost("/a", Handlers.Get);""", true, Path.Read },
        { """app.MapGroup("/g").RequireAuthorization().MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """group.MapGroup(RoutePatternFactory.Parse("/g")).WithTags("t").MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """custom.MapGroup("/g").MapGet("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """endpoints.MapGroup("/g").AllowAnonymous().MapGet("/a", Handlers.Get);""", true, Path.Read },

        // Map on a WebApplication, which is an IApplicationBuilder with a Map of its own for a branch of the pipeline.
        { """app.Map("/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """app.Map(RoutePatternFactory.Parse("/a"), [LoginRequired] () => "x");""", true, Path.Read },
        { """app.Map("/a", Handlers.Get);""", true, Path.Read },
        { """app.Map("/a", Handlers.Context);""", true, Path.Read },

        // Named arguments, in position or not.
        { """app.MapGet(pattern: "/a", handler: [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet(handler: [LoginRequired] () => "x", pattern: "/a");""", true, Path.Read },
        { """app.MapGet("/a", handler: [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet(pattern: "/a", [LoginRequired] () => "x");""", true, Path.Read },
        { """app.MapGet(pattern: "/a", handler: Handlers.Context);""", true, Path.Read },
        { """app.MapGet("/a", requestDelegate: Handlers.Context);""", true, Path.Read },
        { """app.MapMethods("/a", handler: Handlers.Get, httpMethods: ["GET"]);""", true, Path.Read },
        { """endpoints.Map(handler: [LoginRequired] () => "x", pattern: pattern);""", true, Path.Read },

        // Handlers of one HttpContext, whose syntax tells whether they return a Task.
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => "x");""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (HttpContext? context) => "x");""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] Task (HttpContext context) => context.Response.WriteAsync("x"));""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] string (HttpContext context) => "x");""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async Task<string> (HttpContext context) => { await Task.Yield(); return "x"; });""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async (HttpContext context) => { await context.Response.WriteAsync("x"); });""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async (HttpContext context) => await context.Response.WriteAsync("x"));""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async (HttpContext context) => await Task.FromResult("x"));""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] async (HttpContext context) => { await Task.Yield(); return "x"; });""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => { context.Response.StatusCode = 204; });""", true, Path.Read },
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => { if (context.Request.IsHttps) return "s"; return $"{1}"; });""", true, Path.Read },
        { """app.MapPost("/a", [LoginRequired] (HttpContext context) => 3);""", true, Path.Read },

        // What only binding can tell.
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => context.Response.WriteAsync("x"));""", true, Path.Bound },
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => { throw new InvalidOperationException(); });""", true, Path.Bound },
        { """app.MapGet("/a", [LoginRequired] (HttpContext context) => { return context.Response.WriteAsync("x"); });""", true, Path.Bound },
        { """app.MapGet("/a", ([LoginRequired] () => "x"));""", true, Path.Bound },
        { """void Generic<T>(T e) where T : IEndpointRouteBuilder => e.MapGet("/a", [LoginRequired] () => "x"); Generic(app);""", true, Path.Bound },
        { """custom.MapGet("/a", [LoginRequired] () => "x");""", false, Path.Bound },
        { """custom.MapPost("/a", [LoginRequired] () => "x");""", true, Path.Read },

        // Near misses: what looks like a shape above and is not, left to the compiler.
        { """app.MapGet("/a", Handlers.Overloaded);""", true, Path.Bound },
        { """app.MapGet("/a", instance.Get);""", true, Path.Bound },
        { """app.MapGet("/a", DerivedOverloads.Both);""", true, Path.Bound },
        { """var g = app.MapGroup("/g"); g.MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """var g = app.MapGroup("/g").WithTags("t"); var h = g.MapGroup("/h"); h.MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """var g = Make(app); g.MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """RouteGroupBuilder g = app.MapGroup("/g"); g.MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """var app2 = app; Configure(app => { var g = app2.MapGroup("/g"); g.MapGet("/a", Handlers.Get); });""", true, Path.Read },
        { """app.MapGet("/a", Handlers.Field);""", false, Path.Bound },
        { """app.Map("/a", Handlers.Branch);""", false, Path.Bound },
        { """app.Map("/a", [LoginRequired] (IApplicationBuilder branch) => { });""", false, Path.Bound },
        { """endpoints.Map("/a", [LoginRequired] (IApplicationBuilder branch) => { });""", true, Path.Read },
        { """Shared.MapGroup("/g").MapGet("/a", Handlers.Get);""", true, Path.Read },
        { """Configure(a => a.MapGroup("/g").MapGet("/a", Handlers.Get));""", true, Path.Read },
        { """new Custom(app).MapGroup("/g").MapGet("/a", Handlers.Get);""", true, Path.Bound },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_reading_without_binding_is_the_compilers(string mapping, bool woven, Path path) =>
        AssertReadingIsTheCompilers(App(mapping), woven, path);

    /// <summary>
    /// An extension method of the user's with the same name, in a closer scope, is what the compiler binds to; the
    /// reading must not pick ASP.NET Core's.
    /// </summary>
    [Theory]
    [InlineData("public static RouteHandlerBuilder MapGet(this WebApplication app, string pattern, Delegate handler) => EndpointRouteBuilderExtensions.MapGet(app, pattern, handler);", false)]
    [InlineData("public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder app, string pattern, Func<string> handler) => EndpointRouteBuilderExtensions.MapGet(app, pattern, handler);", false)]
    [InlineData("public static RouteHandlerBuilder MapGet(this WebApplication app, int pattern, Delegate handler) => EndpointRouteBuilderExtensions.MapGet(app, \"/\", handler);", true)]
    public void An_extension_method_of_the_same_name_leaves_the_choice_to_the_compiler(string extension, bool woven) =>
        AssertReadingIsTheCompilers(App("""app.MapGet("/a", [LoginRequired] () => "x");""", extension), woven, Path.Bound);

    /// <summary>The same with a method group, and with the user's own method in a chain that makes the receiver.</summary>
    [Theory]
    [InlineData("""app.MapPost("/a", Handlers.Get);""", "public static RouteHandlerBuilder MapPost(this WebApplication app, string pattern, Delegate handler) => EndpointRouteBuilderExtensions.MapPost(app, pattern, handler);", false)]
    [InlineData("""app.MapGroup("/g").MapGet("/a", Handlers.Get);""", "public static Custom MapGroup(this WebApplication app, string prefix) => new(app);", false)]
    [InlineData("""app.MapGroup("/g").MapGet("/a", Handlers.Get);""", "public static RouteGroupBuilder MapGroup(this WebApplication app, string prefix) => EndpointRouteBuilderExtensions.MapGroup(app, prefix + \"/mine\");", true)]
    [InlineData("""app.Versioned().MapGet("/a", Handlers.Get);""", "public static RouteGroupBuilder Versioned(this WebApplication app) => app.MapGroup(\"/v1\");", true)]
    [InlineData("""app.MapGroup("/g").Tagged().MapGet("/a", [LoginRequired] () => "x");""", "public static T Tagged<T>(this T builder) where T : IEndpointConventionBuilder => builder;", true)]
    public void The_users_own_methods_leave_the_choice_to_the_compiler(string mapping, string extension, bool woven) =>
        AssertReadingIsTheCompilers(App(mapping, extension), woven, Path.Bound);

    /// <summary>
    /// In the IDE the generator runs on code that is still being typed, and the reading without binding may weave a call
    /// that does not compile yet. The guards must add no error to the user's own: the compiler does not check an
    /// interceptor against a call it could not bind.
    /// </summary>
    [Theory]
    [InlineData("""app.MapGet("/a", [LoginRequired] () => undefinedThing);""")]
    [InlineData("""app.MapGet("/a", [LoginRequired] () => );""")]
    [InlineData("""app.MapGet("/a", [LoginRequired] (int x) => { if (x > 1) return 1; return "s"; });""")]
    [InlineData("""app.MapGet("/a", [LoginRequired] () => null);""")]
    [InlineData("""app.MapGet(3, [LoginRequired] () => "x");""")]
    [InlineData("""app.MapGet("/a", [LoginRequired] (Undefined u) => "x");""")]
    [InlineData("""app.MapGet("/a", Handlers.Missing);""")]
    [InlineData("""app.MapGet("/a", Handlers.Generic);""")]
    [InlineData("""app.MapGet("/a", Handlers.Overloaded, 3);""")]
    [InlineData("""app.MapGroup("/g").MapGet("/a", [LoginRequired] (Undefined u) => "x");""")]
    [InlineData("""app.MapGroup(3).MapGet("/a", Handlers.Get);""")]
    [InlineData("""app.MapGet(pattern: "/a", handlr: [LoginRequired] () => "x");""")]
    [InlineData("""app.MapGet(handler: Handlers.Get, "/a");""")]
    [InlineData("""app.MapGet("/a", handler: Handlers.Get, handler: Handlers.Get);""")]
    [InlineData("""app.MapGet("/a", requestDelegate: Handlers.Get);""")]
    public void Code_still_being_typed_gets_no_errors_from_the_guards(string mapping)
    {
        var compilation = Compile(App(mapping));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.NotEmpty(errors);

        var (_, output) = GeneratorHarness.Run(compilation);

        Assert.Equal(errors, output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id));
    }

    /// <summary>Most apps map their handlers in Program.cs, on the local the builder returned.</summary>
    [Theory]
    [InlineData("""app.MapGet("/a", [LoginRequired] (User user) => user.Id);""", true, Path.Read)]
    [InlineData("""app.MapGroup("/api").MapPost("/a", [LoginRequired] () => "x");""", true, Path.Read)]
    [InlineData("""var api = app.MapGroup("/api"); api.MapDelete("/a", [FreshLoginRequired] (int id) => id);""", true, Path.Read)]
    [InlineData("""app.MapPut("/a", Users.Update);""", true, Path.Read)]
    [InlineData("""var orders = app.MapGroup("/orders").WithTags("orders"); orders.MapGet("/a", Users.Update);""", true, Path.Read)]
    [InlineData("""Routes.MapOrders(app);""", true, Path.Read)]
    [InlineData("""[LoginRequired] static string Local() => "x"; app.Map("/a", Local);""", true, Path.Read)]
    [InlineData("""app.MapGet("/a", [LoginRequired] async (HttpContext context) => { await context.Response.WriteAsync("x"); });""", true, Path.Read)]
    public void Top_level_statements_are_read_like_any_method(string mapping, bool woven, Path path) =>
        AssertReadingIsTheCompilers($$"""
            using Login;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddLogin();
            var app = builder.Build();
            {{mapping}}
            app.Run();

            [LoginUser]
            public partial class User { public int Id { get; init; } }

            public static class Users
            {
                [UserLoader]
                public static User? Load(int id) => null;

                [LoginRequired]
                public static int Update(User user) => user.Id;
            }

            public static class Routes
            {
                public static WebApplication MapOrders(this WebApplication app)
                {
                    {{(mapping.StartsWith("Routes.", StringComparison.Ordinal) ? "app.MapDelete(\"/o\", Users.Update);" : "")}}
                    return app;
                }
            }
            """, woven, path, inMethod: mapping.StartsWith("Routes.", StringComparison.Ordinal) ? "MapOrders" : null);

    private static void AssertReadingIsTheCompilers(string source, bool woven, Path path, string? inMethod = "Map")
    {
        var compilation = Compile(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // The one candidate call in Endpoints.Map, each read on a compilation of its own so neither answer can come from the other's binding.
        var read = compilation.Clone();
        var bound = compilation.Clone();
        var readModel = read.GetSemanticModel(read.SyntaxTrees[0]);
        var boundModel = bound.GetSemanticModel(bound.SyntaxTrees[0]);
        var candidates = read.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => MapCallParser.IsWeavingCandidate(call, default) && call.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.Text == inMethod)
            .ToList();
        var call = Assert.Single(candidates);
        var boundCall = bound.SyntaxTrees[0].GetRoot().FindNode(call.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>()!;

        Assert.Equal(MapCallParser.ParseByBinding(boundModel, boundCall, KnownTypes.For(bound), default), MapCallParser.Parse(readModel, call, default));
        var reading = MapCallLookup.Read(compilation.GetSemanticModel(compilation.SyntaxTrees[0]), call, KnownTypes.For(compilation), default);
        Assert.Equal(path, reading.Reading == MapCallLookup.Reading.Undecided ? Path.Bound : Path.Read);

        // What the compiler makes of the generated guards: intercepted exactly when expected, and no errors.
        var (_, output) = GeneratorHarness.Run(Compile(source));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var model = output.GetSemanticModel(output.SyntaxTrees.First());
        // (The builder's creation is intercepted too, to add Login's startup check: see BuilderInterceptionTests.)
        var intercepted = output.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(c => model.GetInterceptorMethod(c) is { ContainingType.Name: not "LoginBuilderInterceptors" })
            .Select(c => c.ToString())
            .ToList();
        Assert.Equal(woven ? [call.ToString()] : Array.Empty<string>(), intercepted);
    }

    // The file under test first; an executable when it has top-level statements.
    private static CSharpCompilation Compile(string source)
    {
        var compilation = GeneratorHarness.Compile(source, GlobalUsings);
        return source.Contains("WebApplication.CreateBuilder", StringComparison.Ordinal)
            ? compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication))
            : compilation;
    }

    // What the Web SDK's implicit usings give every file of a web app, so the candidates a name finds are a real app's.
    private const string GlobalUsings = """
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static string App(string mapping, string? extension = null) => $$"""
        using System;
        using System.Diagnostics.CodeAnalysis;
        using System.Threading.Tasks;
        using Login;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.Routing.Patterns;
        using Required = Login.LoginRequiredAttribute;
        using H = UserApp.Handlers;

        namespace UserApp;

        [LoginUser]
        public partial class User { public int Id { get; init; } }

        public static class Users
        {
            [UserLoader]
            public static User? Load(int id) => null;
        }

        public sealed class AdminOnlyAttribute : LoginRequiredAttribute;

        /// <summary>An endpoint builder of the app's own, with a MapGet of its own that calls win over the extension.</summary>
        public sealed class Custom(IEndpointRouteBuilder inner) : IEndpointRouteBuilder
        {
            public IServiceProvider ServiceProvider => inner.ServiceProvider;
            public System.Collections.Generic.ICollection<EndpointDataSource> DataSources => inner.DataSources;
            public IApplicationBuilder CreateApplicationBuilder() => inner.CreateApplicationBuilder();
            public RouteHandlerBuilder MapGet(string pattern, Delegate handler) => inner.MapGet(pattern, handler);
        }

        /// <summary>Handlers as organised APIs write them: static methods of a route class, passed as method groups.</summary>
        public static class Handlers
        {
            [LoginRequired] public static string Get(User user) => user.Id.ToString();
            [FreshLoginRequired] public static int Post(int id) => id;
            public static string Open() => "x";
            [LoginRequired] public static Task Context(HttpContext context) => context.Response.WriteAsync("x");
            [LoginRequired] public static string ContextString(HttpContext context) => "x";
            [LoginRequired] public static Task<string> ContextTaskOfString(HttpContext context) => Task.FromResult("x");
            [LoginRequired] public static Task ObjectContext(object context) => Task.CompletedTask;
            [LoginRequired] public static Task Overloaded(HttpContext context) => Task.CompletedTask;
            [LoginRequired] public static string Overloaded(int id) => "x";
            [LoginRequired] public static void Branch(IApplicationBuilder branch) { }
            [LoginRequired] public static T Generic<T>() => default!;
            public static readonly Func<string> Field = () => "x";

            public static class Nested
            {
                [LoginRequired] public static string Get() => "x";
            }
        }

        public class BaseHandlers
        {
            [LoginRequired] public static string Inherited() => "x";
        }

        public class DerivedHandlers : BaseHandlers;

        public class BaseOverloads
        {
            [LoginRequired] public static Task Both(HttpContext context) => Task.CompletedTask;
        }

        public class DerivedOverloads : BaseOverloads
        {
            [LoginRequired] public static string Both(User user) => "x";
        }

        public sealed class InstanceHandlers
        {
            [LoginRequired] public string Get() => "x";
        }

        public static class UserExtensions
        {
            {{extension}}
        }

        public static class Endpoints
        {
            public static WebApplication Shared = null!;

            public static void Map(WebApplication app, RouteGroupBuilder group, IEndpointRouteBuilder endpoints, Custom custom, RoutePattern pattern, InstanceHandlers instance)
            {
                {{mapping}}
            }

            public static void Configure(Action<WebApplication> configure) => configure(Shared);

            public static RouteGroupBuilder Make(WebApplication app) => EndpointRouteBuilderExtensions.MapGroup(app, "/made");

            [LoginRequired]
            public static string Marked() => "x";
        }
        """;
}
