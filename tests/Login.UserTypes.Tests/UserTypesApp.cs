using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.UserTypes.Tests;

/// <summary>
/// A real ASP.NET Core pipeline on TestHost with Login, the app's two user types and the endpoints a test maps. Each
/// test file maps its own endpoints (<c>map</c>); pass the same <c>keys</c> directory to two apps to make them two
/// deploys (or two instances) of one app.
/// </summary>
public sealed class UserTypesApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UserTypesApp(WebApplication app)
    {
        _app = app;
        Clock = app.Services.GetRequiredService<ManualClock>();
        Accounts = app.Services.GetRequiredService<Accounts>();
    }

    public ManualClock Clock { get; }

    public Accounts Accounts { get; }

    public IServiceProvider Services => _app.Services;

    public TestServer Server => _app.GetTestServer();

    public static async Task<UserTypesApp> StartAsync(Action<WebApplication> map, Action<LoginOptions>? configure = null,
        Action<IServiceCollection>? services = null, DirectoryInfo? keys = null, Action<LoginBuilder>? login = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs); // a test that reads what the app logged
        }

        builder.Services.AddSingleton<ManualClock>();
        builder.Services.AddSingleton<TimeProvider>(s => s.GetRequiredService<ManualClock>());
        builder.Services.AddSingleton<Accounts>();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Login.UserTypes.Tests");
        if (keys is not null)
        {
            dataProtection.PersistKeysToFileSystem(keys);
        }
        else
        {
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }

        services?.Invoke(builder.Services);
        var loginBuilder = builder.Services.AddLogin(o =>
        {
            o.LoginView = "/login";
            configure?.Invoke(o);
        });
        login?.Invoke(loginBuilder);

        var app = builder.Build();
        app.UseLogin();
        map(app);
        await app.StartAsync();
        return new UserTypesApp(app);
    }

    /// <summary>A client with a cookie jar of its own (a browser), following no redirects.</summary>
    public HttpClient NewBrowser(out CookieJar jar)
    {
        jar = new CookieJar(Clock);
        var handler = new CookieJarHandler(jar) { InnerHandler = Server.CreateHandler() };
        return new HttpClient(handler) { BaseAddress = Server.BaseAddress };
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
