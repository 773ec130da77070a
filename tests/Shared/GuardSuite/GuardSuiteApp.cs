using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Login.GuardSuite;

// One suite, compiled twice: into Login.Tests, where Login's generator weaves the guards into the Map* calls, and into
// Login.RequestDelegateGenerator.Tests, where ASP.NET Core's Request Delegate Generator owns the calls and every guard
// is put in place at run time. The same requests must get the same answers in both.

[LoginUser]
public partial class SuiteUser
{
    public int Id { get; init; }
}

public static class SuiteUsers
{
    [UserLoader]
    public static SuiteUser? Load(int id) => id is 1 or 2 ? new SuiteUser { Id = id } : null;
}

/// <summary>Where <c>UseLogin()</c> sits in the pipeline, if anywhere: none of these may let an anonymous request through.</summary>
public enum PipelineShape
{
    /// <summary><c>UseLogin()</c>, routing implicit (the README's shape).</summary>
    UseLogin,

    /// <summary>No <c>UseLogin()</c> at all.</summary>
    WithoutUseLogin,

    /// <summary><c>UseRouting(); UseEndpoints(...); UseLogin();</c>: the middleware comes after the endpoints ran.</summary>
    EndpointsBeforeUseLogin,

    /// <summary><c>UseLogin(); UseRouting();</c>: the middleware runs before any endpoint is chosen.</summary>
    UseLoginBeforeRouting,
}

/// <summary>Counts which guarded handlers ran, so a test can prove one never did.</summary>
public sealed class HandlerRuns
{
    private readonly ConcurrentQueue<string> _runs = new();

    public IReadOnlyCollection<string> All => _runs;

    public static string Ran(HttpContext http, string name)
    {
        http.RequestServices.GetRequiredService<HandlerRuns>()._runs.Enqueue(name);
        return "ran " + name;
    }
}

public sealed class SuiteHandlers(string name)
{
    [LoginRequired]
    public static string Static(HttpContext http) => HandlerRuns.Ran(http, "static");

    [LoginRequired]
    public string Instance(HttpContext http) => HandlerRuns.Ran(http, name);
}

public sealed class GuardSuiteApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GuardSuiteApp(WebApplication app) => _app = app;

    /// <summary>Every guarded route shape, each with a handler that records that it ran.</summary>
    public static readonly string[] GuardedPaths =
    [
        "/suite/get", "/suite/post", "/suite/put", "/suite/delete", "/suite/patch", "/suite/methods", "/suite/map",
        "/suite/group/inner", "/suite/static", "/suite/instance", "/suite/local", "/suite/fresh", "/suite/short-circuit",
        "/suite/guarded-group/short-circuit", "/suite/delegate", "/suite/fallback/any/thing", "/no/such/route",
        "/suite/page", "/suite/controller", "/suite/fallback-page/any/thing", "/suite/fallback-controller/any/thing",
        "/suite/dynamic-page/any/thing", "/suite/dynamic-controller/any/thing",
    ];

    /// <summary>The shapes Login's generator weaves (when the Request Delegate Generator does not own the call).</summary>
    public static readonly string[] WeavablePatterns =
    [
        "/suite/get", "/suite/post", "/suite/put", "/suite/delete", "/suite/patch", "/suite/methods", "/suite/map",
        "/suite/group/inner", "/suite/static", "/suite/instance", "/suite/local", "/suite/fresh", "/suite/short-circuit",
    ];

    public IServiceProvider Services => _app.Services;

    public HandlerRuns Runs => _app.Services.GetRequiredService<HandlerRuns>();

    public static async Task<GuardSuiteApp> StartAsync(PipelineShape shape = PipelineShape.UseLogin)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<HandlerRuns>();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.UserType = typeof(SuiteUser);
        });
        builder.Services.AddRouting();
        builder.Services.AddControllers().AddApplicationPart(typeof(GuardSuiteApp).Assembly);
        builder.Services.AddRazorPages().AddApplicationPart(typeof(GuardSuiteApp).Assembly);
        builder.Services.AddSingleton<ToSuitePage>();
        builder.Services.AddSingleton<ToSuiteAction>();
        var app = builder.Build();
        switch (shape)
        {
            case PipelineShape.UseLogin:
                app.UseLogin();
                Map(app);
                break;
            case PipelineShape.WithoutUseLogin:
                Map(app);
                break;
            case PipelineShape.EndpointsBeforeUseLogin:
                app.UseRouting();
#pragma warning disable ASP0014 // the shape under test: endpoints mapped in UseEndpoints, before UseLogin
                app.UseEndpoints(Map);
#pragma warning restore ASP0014
                app.UseLogin();
                break;
            case PipelineShape.UseLoginBeforeRouting:
                app.UseLogin();
                app.UseRouting();
                Map(app);
                break;
        }

        await app.StartAsync();
        return new GuardSuiteApp(app);
    }

    public SuiteClient NewClient() => new(_app.GetTestClient(), _app.Services.GetRequiredService<TimeProvider>());

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/suite/get", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "get"));
        routes.MapPost("/suite/post", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "post"));
        routes.MapPut("/suite/put", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "put"));
        routes.MapDelete("/suite/delete", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "delete"));
        routes.MapPatch("/suite/patch", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "patch"));
        routes.MapMethods("/suite/methods", ["GET", "POST", "OPTIONS"], [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "methods"));
        routes.Map("/suite/map", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "map"));
        routes.MapGroup("/suite/group").MapGet("/inner", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "group"));
        routes.MapGet("/suite/static", SuiteHandlers.Static);
        routes.MapGet("/suite/instance", new SuiteHandlers("instance").Instance);
        [LoginRequired]
        static string Local(HttpContext http) => HandlerRuns.Ran(http, "local");
        routes.MapGet("/suite/local", Local);
        routes.MapGet("/suite/fresh", [FreshLoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "fresh"));
        routes.MapGet("/suite/short-circuit", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "short-circuit")).ShortCircuit();
        var shortCircuitGroup = routes.MapGroup("/suite/guarded-group").RequireLogin();
        shortCircuitGroup.ShortCircuit();
        shortCircuitGroup.MapGet("/short-circuit", (HttpContext http) => HandlerRuns.Ran(http, "group short-circuit"));
        Delegate inVariable = [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "delegate");
#pragma warning disable RDG002 // a handler in a Delegate variable: no generator can see it, which is the point
        routes.MapGet("/suite/delegate", inVariable);
#pragma warning restore RDG002
        // A guarded fallback catches every method of every path no other endpoint takes, OPTIONS to a GET route included.
        // The pattern is the one MapFallback(handler) uses, spelled out, and there is only one fallback: .NET 10's Request
        // Delegate Generator emits an interceptor for MapFallback(handler) that does not compile (CS9144), and maps
        // MapFallback(pattern, handler) on "{*path:nonfile}" whatever the pattern.
        // WithOrder(int.MaxValue) is what MapFallback gives its endpoint already; the Request Delegate Generator's
        // interceptor leaves the order at 0, where this fallback would take the paths of the MVC fallbacks below.
        routes.MapFallback("{*path:nonfile}", [LoginRequired] (HttpContext http) => HandlerRuns.Ran(http, "fallback")).WithOrder(int.MaxValue);
        SuiteMvc.Map(routes);

        // Opted out after the fact: [AllowAnonymous] wins, woven or not.
        routes.MapGet("/suite/opted-out", [LoginRequired] (HttpContext http) => "open").AllowAnonymous();
        routes.MapGroup("/suite/open-group").RequireLogin().MapGet("/inside", [AllowAnonymous] (HttpContext http) => "open inside");

        routes.MapGet("/login", () => "login form");
        routes.MapGet("/suite/login/{id:int}", async (HttpContext http, int id, bool? fresh) =>
            await http.LoginUserAsync(new SuiteUser { Id = id }, fresh: fresh ?? true) ? "logged in" : "refused");
    }
}

/// <summary>A cookie-keeping client that does not follow redirects; cookie expiry is judged by the app's clock.</summary>
public sealed class SuiteClient(HttpClient client, TimeProvider clock)
{
    private readonly Login.Testing.Http.CookieJar _jar = new(clock);

    public async Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        _jar.AddTo(request);
        var response = await client.SendAsync(request);
        _jar.KeepFrom(response);
        return response;
    }
}
