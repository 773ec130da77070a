using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Login.Stores.Benchmarks;

/// <summary>
/// The app every measurement runs: one instance of a small Login app on Kestrel (127.0.0.1, a free port), in
/// Production, with the PostgreSQL store or the in-memory default. <c>/guarded</c> answers <see cref="Body"/> to a
/// login and 401 to anyone else (no login view: a refusal is a status, not a redirect); <c>/login/{id}</c> logs the
/// user in, <c>/logout</c> logs out.
/// </summary>
internal static class StoreApp
{
    public const string Body = "ok";

    /// <summary>Sessions are bound to the client's address and User-Agent: every request of the benchmarks sends this one.</summary>
    public const string UserAgent = "Login.Stores.Benchmarks/1.0";

    /// <param name="connectionString">A PostgreSQL database, or <c>null</c> for the in-memory store.</param>
    /// <param name="loginOnHubs">
    /// <c>false</c> takes Login's hub filter out (what <c>connection-memory</c> compares with). The benchmark cannot name
    /// Login's internal types, so the options setup that adds the filter is found by its name.
    /// </param>
    public static WebApplication Build(string? connectionString, bool loginOnHubs = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        // Warnings and errors only, to standard error: a parent process reads this one's standard output.
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None)
            // Keys unencrypted at rest: true, and said once per process; not what is measured.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Loopback only: this app logs in anyone who asks.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddDataProtection().SetApplicationName("Login.Stores.Benchmarks");
        var login = builder.Services.AddLogin();
        if (connectionString is not null)
        {
            login.AddPostgreSqlStore(connectionString);
        }

        builder.Services.AddSignalR();
        if (!loginOnHubs)
        {
            for (var i = builder.Services.Count - 1; i >= 0; i--)
            {
                if (builder.Services[i].ServiceType == typeof(IConfigureOptions<HubOptions>)
                    && builder.Services[i].ImplementationType?.Name == "LoginHubOptionsSetup")
                {
                    builder.Services.RemoveAt(i);
                }
            }
        }

        var app = builder.Build();
        app.UseLogin();
        app.MapHub<NoticesHub>("/hub"); // a hub that needs no login: Login closes a connection when its login ends
        app.MapGet("/guarded", [LoginRequired] (Member member) => Body);
        app.MapGet("/login/{id:int}", async (HttpContext http, int id) =>
        {
            await http.LoginUserAsync(new Member { Id = id });
            return Body;
        });
        app.MapGet("/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return Body;
        });
        return app;
    }

    /// <summary>
    /// Loads (or, on a new database, makes) the DataProtection key ring before the app serves, as the load test does: a
    /// second instance started afterwards finds this key in the database instead of making its own.
    /// </summary>
    public static void LoadKeyRing(WebApplication app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Login.Stores.Benchmarks.Startup").Protect([1]);

    /// <summary>Where a started app listens.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
