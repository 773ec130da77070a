using System.Net;
using Login.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Login.GuardSuite;

// Issue 18's guards where one user type suffices, compiled woven (Login.Tests) and unwoven (the RDG projects): every
// route shape with [LoginRequired<SuiteUser>] / RequireLogin<SuiteUser>() sends anonymous requests to SuiteUser's own
// login view (LoginViewFor<SuiteUser>) and lets a SuiteUser through; and metadata naming two user types that exclude
// each other ([LoginRequired<SuiteUser>] on a handler taking a SuiteStranger, which the generator reports) is a 403 for
// every login, through every shape, with ProblemDetails for API clients. The same requests, the same answers, both ways.

/// <summary>A user class that is no user type of the app (no [LoginUser], no loader): what a conflicting parameter names.</summary>
public sealed class SuiteStranger : IUser
{
    public string? GetId() => "1";

    public bool IsActive => true;

    public bool IsAuthenticated => true;

    public bool IsAnonymous => false;
}

/// <summary>A controller for SuiteUsers, as a whole.</summary>
[LoginRequired<SuiteUser>]
public sealed class TypedSuiteController : Controller
{
    [AcceptVerbs("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", Route = "typed/controller")]
    public string Guarded() => HandlerRuns.Ran(HttpContext, "typed controller");
}

/// <summary>A page for SuiteUsers, guarded on its model.</summary>
[LoginRequired<SuiteUser>]
[IgnoreAntiforgeryToken]
public sealed class TypedSuitePageModel : PageModel
{
    public string Body { get; private set; } = "";

    public void OnGet() => Body = HandlerRuns.Ran(HttpContext, "typed page");

    public void OnPost() => Body = HandlerRuns.Ran(HttpContext, "typed page");
}

public sealed class TypedSuiteApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TypedSuiteApp(WebApplication app) => _app = app;

    /// <summary>Every shape that requires a SuiteUser login, and the name its handler records.</summary>
    public static readonly (string Path, string Ran)[] TypedPaths =
    [
        ("/typed/get", "typed get"), ("/typed/map", "typed map"), ("/typed/group/inner", "typed group"),
        ("/typed/handler", "typed handler"), ("/typed/delegate", "typed delegate"), ("/typed/controller", "typed controller"),
        ("/typed/page", "typed page"), ("/typed/fresh", "typed fresh"), ("/typed/fresh-group/inner", "typed fresh group"),
    ];

    /// <summary>Every shape whose metadata names two user types that exclude each other.</summary>
    public static readonly string[] ConflictingPaths = ["/typed/conflict/get", "/typed/conflict/group/inner", "/typed/conflict/delegate"];

    public HandlerRuns Runs => _app.Services.GetRequiredService<HandlerRuns>();

    public static async Task<TypedSuiteApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<HandlerRuns>();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.RefreshView = "/refresh";
            o.UserType = typeof(SuiteUser);
            o.LoginViewFor<SuiteUser>("/suite-user/login");
        });
        builder.Services.AddRouting();
        builder.Services.AddControllers().AddApplicationPart(typeof(TypedSuiteApp).Assembly);
        builder.Services.AddRazorPages().AddApplicationPart(typeof(TypedSuiteApp).Assembly);
        var app = builder.Build();
        app.UseLogin();
        Map(app);
        await app.StartAsync();
        return new TypedSuiteApp(app);
    }

    public TypedSuiteClient NewClient() => new(_app.GetTestClient(), _app.Services.GetRequiredService<TimeProvider>());

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void Map(WebApplication routes)
    {
        routes.MapGet("/typed/get", [LoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "typed get"));
        routes.Map("/typed/map", [LoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "typed map"));
        routes.MapGroup("/typed/group").RequireLogin<SuiteUser>().MapGet("/inner", (HttpContext http) => HandlerRuns.Ran(http, "typed group"));
        routes.MapGet("/typed/handler", (HttpContext http) => HandlerRuns.Ran(http, "typed handler")).RequireLogin<SuiteUser>();
        Delegate inVariable = [LoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "typed delegate");
#pragma warning disable RDG002 // a handler in a Delegate variable: no generator can see it, which is the point
        routes.MapGet("/typed/delegate", inVariable);
#pragma warning restore RDG002
        routes.MapGet("/typed/fresh", [FreshLoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "typed fresh"));
        routes.MapGroup("/typed/fresh-group").RequireFreshLogin<SuiteUser>().MapGet("/inner", (HttpContext http) => HandlerRuns.Ran(http, "typed fresh group"));
        routes.MapControllers();
        routes.MapRazorPages();

        // What the generated code adds for a handler parameter of another user type than the attribute's.
        var stranger = new UserParameterMetadata(typeof(SuiteStranger));
        routes.MapMethods("/typed/conflict/get", ["GET", "POST", "OPTIONS"], [LoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "conflict get"))
            .WithMetadata(stranger);
        routes.MapGroup("/typed/conflict/group").RequireLogin<SuiteUser>().WithMetadata(stranger)
            .MapMethods("/inner", ["GET", "POST"], (HttpContext http) => HandlerRuns.Ran(http, "conflict group"));
        Delegate conflicting = [LoginRequired<SuiteUser>] (HttpContext http) => HandlerRuns.Ran(http, "conflict delegate");
#pragma warning disable RDG002
        routes.MapMethods("/typed/conflict/delegate", ["GET", "POST"], conflicting).WithMetadata(stranger);
#pragma warning restore RDG002

        routes.MapGet("/typed/login/{id:int}", async (HttpContext http, int id, bool? fresh) =>
            await http.LoginUserAsync(new SuiteUser { Id = id }, fresh: fresh ?? true) ? "logged in" : "refused");
    }
}

/// <summary>A cookie-keeping client that follows no redirects and may say it wants JSON (an API client).</summary>
public sealed class TypedSuiteClient(HttpClient client, TimeProvider clock)
{
    private readonly Login.Testing.Http.CookieJar _jar = new(clock);

    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        _jar.AddTo(request);
        var response = await client.SendAsync(request);
        _jar.KeepFrom(response);
        return response;
    }
}

/// <summary>The one-type cases of issue 18's guards, through every shape, woven and unwoven.</summary>
public class TypedGuardSuiteTests
{
    private static readonly string[] Methods = ["GET", "POST", "OPTIONS"];

    [Fact]
    public async Task Anonymous_requests_to_a_typed_shape_go_to_the_types_login_view_and_run_nothing()
    {
        await using var app = await TypedSuiteApp.StartAsync();
        var client = app.NewClient();
        var wrong = new List<string>();

        foreach (var (path, _) in TypedSuiteApp.TypedPaths)
        {
            using var response = await client.SendAsync("GET", path);
            if (response.StatusCode != HttpStatusCode.Found
                || response.Headers.Location?.OriginalString != "/suite-user/login?next=" + Uri.EscapeDataString(path))
            {
                wrong.Add($"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.Empty(wrong);
        Assert.Empty(app.Runs.All);
    }

    [Fact]
    public async Task A_login_of_the_type_reaches_every_typed_shape()
    {
        await using var app = await TypedSuiteApp.StartAsync();
        var client = app.NewClient();
        await client.SendAsync("GET", "/typed/login/1");

        foreach (var (path, ran) in TypedSuiteApp.TypedPaths)
        {
            using var response = await client.SendAsync("GET", path);
            Assert.Equal((path, HttpStatusCode.OK, "ran " + ran), (path, response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim()));
        }
    }

    [Fact]
    public async Task A_stale_login_of_the_type_goes_to_the_refresh_view_at_a_fresh_typed_shape()
    {
        await using var app = await TypedSuiteApp.StartAsync();
        var client = app.NewClient();
        await client.SendAsync("GET", "/typed/login/1?fresh=false");

        using var fresh = await client.SendAsync("GET", "/typed/fresh");
        using var group = await client.SendAsync("GET", "/typed/fresh-group/inner");

        Assert.Equal("/refresh?next=%2Ftyped%2Ffresh", fresh.Headers.Location?.OriginalString);
        Assert.Equal("/refresh?next=%2Ftyped%2Ffresh-group%2Finner", group.Headers.Location?.OriginalString);
        Assert.Empty(app.Runs.All);
    }

    [Fact]
    public async Task Two_conflicting_user_types_refuse_every_login_with_403_by_every_method()
    {
        await using var app = await TypedSuiteApp.StartAsync();
        var client = app.NewClient();
        await client.SendAsync("GET", "/typed/login/1");
        var wrong = new List<string>();

        foreach (var path in TypedSuiteApp.ConflictingPaths)
        {
            foreach (var method in Methods)
            {
                using var response = await client.SendAsync(method, path);
                var expected = method == "OPTIONS" ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden;
                if (response.StatusCode != expected && !(method == "OPTIONS" && response.StatusCode == HttpStatusCode.MethodNotAllowed))
                {
                    wrong.Add($"{method} {path}: {(int)response.StatusCode} (expected {(int)expected})");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Empty(app.Runs.All);
    }

    [Fact]
    public async Task An_API_client_gets_a_403_problem_from_a_conflicting_shape()
    {
        await using var app = await TypedSuiteApp.StartAsync();
        var client = app.NewClient();
        await client.SendAsync("GET", "/typed/login/1");

        using var response = await client.SendAsync("GET", "/typed/conflict/get", accept: "application/json");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":403", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(app.Runs.All);
    }
}
