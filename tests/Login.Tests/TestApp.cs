using Login.Testing.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>A real ASP.NET Core pipeline on TestHost with Login and the endpoints the tests need.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app)
    {
        _app = app;
        Clock = app.Services.GetRequiredService<ManualClock>();
        Directory = app.Services.GetRequiredService<UserDirectory>();
    }

    public ManualClock Clock { get; }

    public UserDirectory Directory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(Action<LoginOptions>? configure = null, bool useLogin = true, bool mapUnwoven = true,
        Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, Action<WebApplication>? map = null,
        bool routingAfterLogin = false, string environment = "Development")
    {
        // Development by default: Login's cookie defaults depend on the environment (outside Development they are
        // __Host- names, Secure always), and most tests are about something else. Tests of the production defaults
        // pass environment: "Production".
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<ManualClock>();
        builder.Services.AddSingleton<TimeProvider>(services => services.GetRequiredService<ManualClock>());
        builder.Services.AddSingleton<UserDirectory>();
        // Each app its own key ring: a cookie from another app is a wrongly-keyed cookie.
        InMemoryKeyRing.Use(builder.Services, new ManualClock());
        services?.Invoke(builder.Services);
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.UserType = typeof(TestUser); // this test project has two user types with loaders
            configure?.Invoke(o);
        });

        var app = builder.Build();
        if (useLogin)
        {
            app.UseLogin();
        }

        if (routingAfterLogin)
        {
            app.UseRouting(); // the mistake: routing behind Login
        }

        MapEndpoints(app, mapUnwoven);
        map?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app);
    }

    public TestBrowser NewBrowser() => new(_app.GetTestClient(), Clock);

    public HttpClient NewHttpClient() => _app.GetTestClient();

    /// <summary>The test server, for clients that need its handler or its WebSocket client (SignalR).</summary>
    public TestServer Server => _app.GetTestServer();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void MapEndpoints(WebApplication app, bool mapUnwoven)
    {
        app.MapGet("/secret", [LoginRequired] (TestUser user) => $"secret of {user.Id}");
        app.MapGet("/fresh", [FreshLoginRequired] (TestUser user) => $"fresh secret of {user.Id}");
        app.MapMethods("/options-too", ["GET", "OPTIONS"], [LoginRequired] () => "passed");

        if (mapUnwoven)
        {
            // A handler in a Delegate variable cannot be woven at compile time: the middleware guards it from metadata.
            Delegate handler = [LoginRequired] (TestUser user) => $"delegate secret of {user.Id}";
            app.MapGet("/delegate", handler);

            // Route groups are guarded from metadata too, each with its own login view (Flask-Login's blueprint_login_views).
            var admin = app.MapGroup("/admin").RequireLogin("/admin/login");
            admin.MapGet("/panel", () => "admin panel");
            admin.MapGet("/open", [AllowAnonymous] () => "open to all");
            app.MapGroup("/api").RequireLogin(loginView: null).MapGet("/data", () => "data");

            // A woven [LoginRequired] inside a group that asks for a fresh login: the stronger requirement holds.
            app.MapGroup("/vault").RequireFreshLogin().MapGet("/gold", [LoginRequired] () => "gold");
        }

        app.MapGet("/login", (HttpContext http) =>
            "login form" + string.Concat(http.GetFlashedMessages().Select(f => $"|{f.Category}:{f.Message}"))).WithName("login-page");
        app.MapGet("/confirm", async (HttpContext http) =>
        {
            await http.ConfirmLoginAsync();
            return "confirmed";
        });
        app.MapGet("/remembered", async (HttpContext http) => await http.IsLoginRememberedAsync() ? "remembered" : "not remembered");
        app.MapGet("/flash", (HttpContext http, string m) =>
        {
            http.Flash(m, "info");
            return "flashed";
        });
        app.MapGet("/flashes", (HttpContext http) => string.Join("|", http.GetFlashedMessages().Select(f => $"{f.Category}:{f.Message}")));
        app.MapGet("/session-next", (HttpContext http) => http.TakeSessionNext() ?? "none");

        // Every Map* shape the generator weaves: verbs, MapMethods, Map, groups, method groups, local functions.
        app.MapPost("/shapes/post", [LoginRequired] () => "post");
        app.MapPut("/shapes/put", [LoginRequired] () => "put");
        app.MapDelete("/shapes/delete", [LoginRequired] () => "delete");
        app.MapPatch("/shapes/patch", [LoginRequired] () => "patch");
        app.MapMethods("/shapes/methods", ["GET"], [LoginRequired] () => "methods");
        app.Map("/shapes/map", [LoginRequired] () => "map");
        app.MapGroup("/shapes/group").MapGet("/inner", [LoginRequired] () => "group inner");
        app.MapGet("/shapes/static-method", ShapeHandlers.Static);
        app.MapGet("/shapes/instance-method", new ShapeHandlers("instance").Instance);
        ExtensionBlocks.ExtensionBlockRoutes.Map(app);
        [LoginRequired]
        static string LocalHandler() => "local function";
        app.MapGet("/shapes/local-function", LocalHandler);

        // A named record, not an anonymous type: ASP.NET Core's Request Delegate Generator (Login.Tests.Unwoven) cannot
        // name an anonymous type in the TypedResults.Ok<T> it generates.
        app.MapGet("/api/me", [LoginRequired] (TestUser user) => TypedResults.Ok(new ApiMe(user.Id)));
        app.MapGet("/api/me-html", [LoginRequired] (TestUser user) => TypedResults.Ok(new ApiMe(user.Id))).AllowCookieRedirect();
        app.MapGet("/claims", [LoginRequired] (HttpContext http) =>
            $"{http.User.Identity?.AuthenticationType}:{http.User.Identity?.Name}:{http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value}");

        app.MapGet("/whoami", async (HttpContext http) =>
        {
            var user = await http.GetCurrentUserAsync();
            return $"{user.GetId() ?? "anonymous"} fresh={http.IsLoginFresh()}";
        });

        app.MapGet("/login/{id:int}", async (HttpContext http, UserDirectory users, int id, bool? remember, int? days, bool? force, bool? fresh) =>
        {
            var user = users.Users[id];
            var duration = days is { } d ? TimeSpan.FromDays(d) : (TimeSpan?)null;
            var accepted = await http.LoginUserAsync(user, remember ?? false, duration, force ?? false, fresh ?? true);
            return accepted ? "logged in" : "refused";
        });

        // The current user's logins (SPEC §8). A block body: an expression-bodied async (HttpContext) lambda would bind as
        // a RequestDelegate and its string would be dropped.
        app.MapGet("/sessions", async (HttpContext http) =>
        {
            var sessions = await http.GetLoginSessionsAsync();
            return string.Join("|", sessions.Select(s => $"{s.Id}:{s.UserId}:{(s.IsCurrent ? "current" : "other")}"));
        });
        app.MapGet("/sessions/end/{id}", async (HttpContext http, string id) => await http.EndLoginSessionAsync(id) ? "ended" : "not ended");
        app.MapGet("/logout-everywhere", async (HttpContext http, bool? keep) => $"ended {await http.LogoutEverywhereAsync(keep ?? false)}");

        app.MapGet("/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return "logged out";
        });
    }
}

/// <summary>Handlers passed as method groups.</summary>
public sealed class ShapeHandlers(string name)
{
    [LoginRequired]
    public static string Static() => "static method";

    [LoginRequired]
    public string Instance() => name + " method";
}

/// <summary>What <c>/api/me</c> answers: <c>{"id": 1}</c>.</summary>
public sealed record ApiMe(int Id);
