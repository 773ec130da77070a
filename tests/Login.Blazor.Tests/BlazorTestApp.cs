using Login.Blazor.Tests.App;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Blazor.Tests;

/// <summary>
/// A minimal Blazor Web App (interactive server) with Login, on Kestrel at 127.0.0.1 with a port of its own, for a real
/// browser or a plain HTTP client: pages /, /guarded, /fresh, /open, /static-guarded; /login/{id} logs a user in,
/// /logout logs out, /login and /refresh are the views.
/// </summary>
public sealed class BlazorTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<HttpContext, byte> _hubRequests;

    private BlazorTestApp(WebApplication app, Uri address, System.Collections.Concurrent.ConcurrentDictionary<HttpContext, byte> hubRequests)
    {
        _app = app;
        _hubRequests = hubRequests;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BlazorTestApp> StartAsync(Action<LoginOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = typeof(BlazorTestApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<BlazorUserDirectory>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Until AddLogin() makes Login the default authentication scheme (issue 17, item 1), as an app writes it today;
        // harmless after. Login's components do not need it: they read the login from the request, not HttpContext.User.
        builder.Services.AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin();
        builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            o.RefreshView = "/refresh";
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        var hubRequests = new System.Collections.Concurrent.ConcurrentDictionary<HttpContext, byte>();
        app.Use(async (context, next) =>
        {
            // The requests that carry circuits, so a test can drop them and make the browser reconnect.
            if (!context.Request.Path.StartsWithSegments("/_blazor"))
            {
                await next(context);
                return;
            }

            hubRequests.TryAdd(context, 0);
            try
            {
                await next(context);
            }
            finally
            {
                hubRequests.TryRemove(context, out _);
            }
        });
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<AppRoot>().AddInteractiveServerRenderMode();
        app.MapGet("/login/{id:int}", async (HttpContext http, BlazorUserDirectory users, int id, bool? fresh) =>
            await http.LoginUserAsync(users.Users[id], remember: false, duration: null, force: false, fresh: fresh ?? true) ? "logged in" : "refused");
        app.MapGet("/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return "logged out";
        });
        app.MapGet("/login", () => Results.Content("<h1 id=\"login-view\">login form</h1>", "text/html"));
        app.MapGet("/refresh", () => Results.Content("<h1 id=\"refresh-view\">refresh form</h1>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BlazorTestApp(app, new Uri(address + "/"), hubRequests);
    }

    /// <summary>Drops every circuit's connection, as a network would: the browsers reconnect to their circuits.</summary>
    public int DropCircuitConnections()
    {
        var dropped = 0;
        foreach (var (request, _) in _hubRequests)
        {
            request.Abort();
            dropped++;
        }

        return dropped;
    }

    public HttpClient NewHttpClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address };

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
