using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Login.GuardSuite;

/// <summary>
/// The suite's hubs in an app of their own (TestServer): /suite-hubs/open, /suite-hubs/login, /suite-hubs/fresh by
/// <c>MapHub</c>, and the two guarded hubs again without MapHub's endpoint metadata (…-filter-only), where no request guard
/// stands and only the hub filter can refuse the connection. /suite/login/{id}?fresh= logs in, /suite/logout logs out.
/// </summary>
public sealed class SuiteHubApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SuiteHubApp(WebApplication app) => _app = app;

    public TestServer Server => _app.GetTestServer();

    public SuiteHubRuns Runs => _app.Services.GetRequiredService<SuiteHubRuns>();

    public static async Task<SuiteHubApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<SuiteHubRuns>();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.UserType = typeof(SuiteUser);
        });
        builder.Services.AddSignalR(o => o.EnableDetailedErrors = false); // the client sees what a production app sends
        var app = builder.Build();
        app.UseLogin();
        app.MapHub<SuiteOpenHub>("/suite-hubs/open");
        app.MapHub<SuiteLoginHub>("/suite-hubs/login");
        app.MapHub<SuiteFreshHub>("/suite-hubs/fresh");
        app.MapConnectionHandler<HubConnectionHandler<SuiteLoginHub>>("/suite-hubs/login-filter-only");
        app.MapConnectionHandler<HubConnectionHandler<SuiteFreshHub>>("/suite-hubs/fresh-filter-only");
        app.MapGet("/login", () => "login form");
        app.MapGet("/suite/login/{id:int}", async (HttpContext http, int id, bool? fresh) =>
            await http.LoginUserAsync(new SuiteUser { Id = id }, fresh: fresh ?? true) ? "logged in" : "refused");
        app.MapGet("/suite/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return "logged out";
        });
        await app.StartAsync();
        return new SuiteHubApp(app);
    }

    public SuiteHubBrowser NewBrowser() => new(Server);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>A browser for the hub suite: keeps cookies, and opens hub connections that send them.</summary>
public sealed class SuiteHubBrowser(TestServer server)
{
    private readonly Login.Testing.Http.CookieJar _jar = new(server.Services.GetRequiredService<TimeProvider>());

    public Dictionary<string, string> Cookies => _jar.Cookies;

    public string CookieHeader => string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value));

    /// <summary>Another browser (or tab) with a copy of this one's cookies as they are now.</summary>
    public SuiteHubBrowser Copy()
    {
        var copy = new SuiteHubBrowser(server);
        foreach (var (name, value) in Cookies)
        {
            copy.Cookies[name] = value;
        }

        return copy;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        _jar.AddTo(request);
        var response = await client.SendAsync(request);
        _jar.KeepFrom(response);
        return response;
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A hub connection (not started) whose every request sends this browser's cookies as they are now.</summary>
    public HubConnection Connect(string path, HttpTransportType transport) =>
        new HubConnectionBuilder().WithUrl("http://localhost" + path, o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => new CookieHandler(this) { InnerHandler = server.CreateHandler() };
            o.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = server.CreateWebSocketClient();
                client.ConfigureRequest = request => request.Headers.Cookie = CookieHeader;
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        }).Build();

    private sealed class CookieHandler(SuiteHubBrowser browser) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // As the browser that logged in sends it (none): session protection compares the User-Agent with the login's.
            request.Headers.Remove("Cookie");
            request.Headers.UserAgent.Clear();
            if (browser.Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", browser.CookieHeader);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
