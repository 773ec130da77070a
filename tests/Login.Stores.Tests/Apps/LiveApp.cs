using System.Collections.Concurrent;
using System.Net;
using Login.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// One instance of an app with live connections, on Kestrel at 127.0.0.1 with a real session store: a hub
/// (<c>/live</c>) whose calls are counted on the server, and <c>/connect</c>, which opens the login a Blazor circuit keeps
/// (<see cref="ConnectionLogin"/>) from the request, as a circuit opens it. Every way a login ends has an endpoint:
/// <c>/logout</c>, <c>/logout-everywhere</c>, <c>/sessions/end/{id}</c>; a remember token presented again after its
/// rotation is theft; <see cref="MemberStamps"/> changes a stamp; the clock (<see cref="ManualClock"/>) makes a login expire.
/// </summary>
public sealed class LiveApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The hub methods that ran on this instance, as "method as id".</summary>
    public ConcurrentQueue<string> HubRuns => _app.Services.GetRequiredService<LiveHubRuns>().Ran;

    /// <summary>The circuits' logins opened on this instance by <c>/connect</c>, by the number it answered.</summary>
    internal ConcurrentDictionary<int, ConnectionLogin> Circuits => _app.Services.GetRequiredService<LiveCircuits>().All;

    public static async Task<LiveApp> StartAsync(Action<LoginBuilder> store, string? keys = null, Action<LoginOptions>? configure = null,
        TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var protection = builder.Services.AddDataProtection().SetApplicationName("login-store-tests");
        if (keys is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        store(builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            configure?.Invoke(o);
        }));
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveHubRuns>();
        builder.Services.AddSingleton<LiveCircuits>();
        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(http =>
        {
            var unavailable = http.Features.Get<IExceptionHandlerFeature>()?.Error is LoginStoreUnavailableException;
            http.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        }));
        app.UseLogin();
        app.MapGet("/secret", [LoginRequired] (Member member) => $"secret of {member.Id}");
        app.MapGet("/login", () => "login form");
        app.MapGet("/login/{id:int}", async (HttpContext http, int id, bool? remember) =>
        {
            await http.LoginUserAsync(new Member { Id = id }, remember: remember ?? false);
            return "logged in";
        });
        app.MapGet("/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return "logged out";
        });
        app.MapGet("/sessions", async (HttpContext http) =>
        {
            var sessions = await http.GetLoginSessionsAsync();
            return string.Join("|", sessions.Select(s => $"{s.Id}:{s.UserId}:{(s.IsCurrent ? "current" : "other")}"));
        });
        app.MapGet("/sessions/end/{id}", async (HttpContext http, string id) => await http.EndLoginSessionAsync(id) ? "ended" : "not ended");
        app.MapGet("/logout-everywhere", async (HttpContext http, bool? keep) => $"ended {await http.LogoutEverywhereAsync(keep ?? false)}");
        app.MapGet("/connect", async (HttpContext http, ConnectionLogins logins, LiveCircuits circuits) =>
        {
            var login = await logins.OpenAsync(http);
            return circuits.Add(login).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        app.MapHub<LiveHub>("/live");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LiveApp(app, new Uri(address));
    }

    /// <summary>A browser pointed at this instance (the store tests' <see cref="Browser"/> takes a <see cref="StoreApp"/>).</summary>
    public LiveBrowser NewBrowser() => new(this);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The live hub's methods that ran, counted on the server so a test can prove a refused call never did.</summary>
public sealed class LiveHubRuns
{
    public ConcurrentQueue<string> Ran { get; } = new();
}

/// <summary>The circuits' logins <c>/connect</c> opened.</summary>
internal sealed class LiveCircuits
{
    private int _next;

    public ConcurrentDictionary<int, ConnectionLogin> All { get; } = new();

    public int Add(ConnectionLogin login)
    {
        var id = Interlocked.Increment(ref _next);
        All[id] = login;
        return id;
    }
}

/// <summary>A hub that needs no login to connect: its connections still end with the login they opened with.</summary>
public sealed class LiveHub(LiveHubRuns runs) : Hub
{
    [LoginRequired]
    public string Echo(string text)
    {
        runs.Ran.Enqueue($"Echo as {Context.UserIdentifier ?? Context.User?.Identity?.Name ?? "anonymous"}");
        return text;
    }
}

/// <summary>A cookie-keeping client of a <see cref="LiveApp"/>, over real HTTP, not following redirects.</summary>
public sealed class LiveBrowser(LiveApp app)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

    // Cookie expiry is judged by the app's clock (a ManualClock when the test moves time).
    private readonly Login.Testing.Http.CookieJar _jar = new(app.Services.GetRequiredService<TimeProvider>());

    public Dictionary<string, string> Cookies => _jar.Cookies;

    public LiveApp App { get; } = app;

    /// <summary>A browser holding a copy of this one's cookies (all, or those named), pointed at <paramref name="at"/>.</summary>
    public LiveBrowser Copy(LiveApp? at = null, params string[] names)
    {
        var copy = new LiveBrowser(at ?? App);
        foreach (var (name, value) in Cookies)
        {
            if (names.Length == 0 || names.Contains(name))
            {
                copy.Cookies[name] = value;
            }
        }

        return copy;
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(App.Address, path));
        request.Headers.UserAgent.ParseAdd(Browser.UserAgent);
        _jar.AddTo(request);
        using var response = await Client.SendAsync(request);
        _jar.KeepFrom(response);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens a circuit's login on this browser's instance with its cookies, as a circuit starting would.</summary>
    internal async Task<ConnectionLogin> OpenCircuitLoginAsync()
    {
        var (status, body) = await GetAsync("/connect");
        Assert.Equal(HttpStatusCode.OK, status);
        return App.Circuits[int.Parse(body, System.Globalization.CultureInfo.InvariantCulture)];
    }

    /// <summary>A hub connection to <c>/live</c> sending this browser's cookies as they are now.</summary>
    public async Task<Microsoft.AspNetCore.SignalR.Client.HubConnection> ConnectHubAsync(
        Microsoft.AspNetCore.Http.Connections.HttpTransportType transport = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
    {
        var cookies = string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));
        var connection = new Microsoft.AspNetCore.SignalR.Client.HubConnectionBuilder()
            .WithUrl(new Uri(App.Address, "/live"), o =>
            {
                o.Transports = transport;
                o.Headers["Cookie"] = cookies;
                o.Headers["User-Agent"] = Browser.UserAgent; // the browser's: session protection compares it
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
