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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Login.Stores.Tests.Apps;

[LoginUser]
public partial class Member
{
    public int Id { get; init; }
}

public static class Members
{
    [UserLoader]
    public static Member? Load(int id) => id is > 0 and <= 100_000 ? new Member { Id = id } : null;
}

/// <summary>
/// One instance of a small Login app on Kestrel (127.0.0.1, a free port) with a real session store; two of them on one
/// database are two instances behind a load balancer. Every way a login ends has an endpoint (<c>/logout</c>,
/// <c>/logout-everywhere</c>, <c>/sessions/end/{id}</c>); a remember token presented again after its rotation is theft;
/// <see cref="MemberStamps"/> changes a stamp; the clock (<see cref="ManualClock"/>) makes a login expire. Its live
/// connections: a hub (<c>/hub</c>, <see cref="MemberHub"/>) whose calls are counted on the server, and <c>/connect</c>,
/// which opens the login a Blazor circuit keeps (<see cref="ConnectionLogin"/>) from the request, as a circuit opens it.
/// </summary>
public sealed class StoreApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StoreApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The hub methods that ran on this instance, as "method as id".</summary>
    public ConcurrentQueue<string> HubRuns => _app.Services.GetRequiredService<HubRuns>().Ran;

    /// <summary>The circuits' logins opened on this instance by <c>/connect</c>, by the number it answered.</summary>
    internal ConcurrentDictionary<int, ConnectionLogin> Circuits => _app.Services.GetRequiredService<Circuits>().All;

    /// <param name="store">Adds the store, e.g. <c>b => b.AddPostgreSqlStore(connectionString)</c>.</param>
    /// <param name="keys">Where the DataProtection keys live when the store does not keep them (a folder both instances share).</param>
    /// <param name="configure">More Login options.</param>
    /// <param name="clock">The app's clock, when the test moves it (timers still run on real time).</param>
    /// <param name="dataProtectionName">DataProtection's application name; <see langword="null"/> leaves DataProtection's default.</param>
    /// <param name="logs">Where the app logs, when the test reads its log.</param>
    public static async Task<StoreApp> StartAsync(Action<LoginBuilder> store, string? keys = null, Action<LoginOptions>? configure = null,
        TimeProvider? clock = null, string? dataProtectionName = "login-store-tests", ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        var protection = builder.Services.AddDataProtection();
        if (dataProtectionName is not null)
        {
            protection.SetApplicationName(dataProtectionName);
        }

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
        builder.Services.AddSingleton<HubRuns>();
        builder.Services.AddSingleton<Circuits>();
        var app = builder.Build();
        // What the docs tell an app to do with LoginStoreUnavailableException: 503 with Retry-After.
        app.UseExceptionHandler(errors => errors.Run(http =>
        {
            var unavailable = http.Features.Get<IExceptionHandlerFeature>()?.Error is LoginStoreUnavailableException;
            http.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            if (unavailable)
            {
                http.Response.Headers.RetryAfter = "5";
            }

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
        app.MapGet("/connect", async (HttpContext http, ConnectionLogins logins, Circuits circuits) =>
            circuits.Add(await logins.OpenAsync(http)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapHub<MemberHub>("/hub"); // a hub that needs no login: its connections still end with their login
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StoreApp(app, new Uri(address));
    }

    public Browser NewBrowser() => new(this);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>A browser over plain HttpClient, not following redirects; it can point at any instance.</summary>
public sealed class Browser(StoreApp app)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

    /// <summary>The User-Agent every request of a browser sends (a hub client sends it too).</summary>
    public const string UserAgent = "Login.Stores.Tests/1.0";

    // Cookie expiry is judged by the app's clock (a ManualClock when the test moves time).
    private readonly Login.Testing.Http.CookieJar _jar = new(app.Services.GetRequiredService<TimeProvider>());

    public Dictionary<string, string> Cookies => _jar.Cookies;

    public StoreApp App { get; set; } = app;

    /// <summary>A browser holding a copy of this one's cookies (all, or those named), pointed at <paramref name="at"/>.</summary>
    public Browser Copy(StoreApp? at = null, params string[] names)
    {
        var copy = new Browser(at ?? App);
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
        request.Headers.UserAgent.ParseAdd(UserAgent);
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
}

/// <summary>The hub's methods that ran, counted on the server so a test can prove a refused call never did.</summary>
public sealed class HubRuns
{
    public ConcurrentQueue<string> Ran { get; } = new();
}

/// <summary>The circuits' logins <c>/connect</c> opened.</summary>
internal sealed class Circuits
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
