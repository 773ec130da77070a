using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Login.Sessions.Store;
using Microsoft.AspNetCore.DataProtection;

namespace Login.LoadTest;

/// <summary>
/// The one app the load test drives: a plain endpoint, a Login-guarded one and a cookie-authentication one, each
/// answering <see cref="Body"/>. Serving and minting build it the same way, so a cookie minted by one process is read
/// by the other with the same keys and purposes. Login keeps its login records in memory (<c>--store memory</c>, the
/// default), in a SQLite file (<c>--store sqlite --sqlite FILE</c>) or in PostgreSQL (<c>--store postgres --postgres
/// CS</c>), which then also holds the key ring.
/// </summary>
internal static class LoadTestApp
{
    public const string Body = "ok";

    /// <param name="args">
    /// The command line: <c>--port</c>, <c>--keys</c> (the DataProtection key directory; not needed with PostgreSQL),
    /// <c>--users</c>, <c>--store memory|sqlite|postgres</c>, <c>--sqlite</c> (the database file), <c>--postgres</c> (an
    /// Npgsql connection string).
    /// </param>
    public static WebApplication Build(string[] args)
    {
        // Production: no developer exception page, and the logging a production app runs with.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = Environments.Production });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var store = builder.Configuration["store"] ?? "memory";
        var postgres = store switch
        {
            "memory" or "sqlite" => null,
            "postgres" => builder.Configuration["postgres"] ?? throw new ArgumentException("--store postgres needs --postgres <connection string>."),
            _ => throw new ArgumentException($"--store {store}: expected memory, sqlite or postgres."),
        };
        var sqlite = store == "sqlite"
            ? builder.Configuration["sqlite"] ?? throw new ArgumentException("--store sqlite needs --sqlite <database file>.")
            : null;
        var keys = builder.Configuration["keys"];
        if (keys is null && postgres is null)
        {
            throw new ArgumentException("--keys <directory> is required: the serving and minting processes share it.");
        }

        Users.Count = int.Parse(builder.Configuration["users"] ?? "1000000", CultureInfo.InvariantCulture);
        var port = int.Parse(builder.Configuration["port"] ?? "5087", CultureInfo.InvariantCulture);
        // Loopback only, whatever ASPNETCORE_URLS says: this app hands out sessions to anyone who asks for a benchmark.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var protection = builder.Services.AddDataProtection().SetApplicationName("Login.LoadTest");
        if (keys is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        // No login view: an anonymous request to /login-guarded is a 401, which wrk counts as an error, where a 302 it would not.
        var login = builder.Services.AddLogin();
        if (postgres is not null)
        {
            // Replaces the key directory above: the instances share the key ring in the database.
            login.AddPostgreSqlStore(postgres);
        }
        else if (sqlite is not null)
        {
            // One file shared by the served and the minting instance, as two processes on one machine would.
            login.AddSqliteStore($"Data Source={sqlite}");
        }
        else if (builder.Configuration["mint"] is not null)
        {
            // The minting process holds a record for every cookie it makes (LoginTestClient creates the login family);
            // the in-memory store's default bound of 100,000 records would refuse the rest of a million.
            builder.Services.AddSingleton<ILoginSessionStore>(new InMemoryLoginSessionStore(Users.Count + 100));
        }

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            // The same for cookie authentication, whose challenge is otherwise a redirect to /Account/Login.
            o.Events.OnRedirectToLogin = static context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        // The usual place: every request passes authentication, so /plain and /login-guarded pay its check for a cookie
        // they do not carry, as they would in any app that has cookie authentication for some endpoints.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseLogin();
        app.MapGet("/plain", static () => Body);
        app.MapGet("/login-guarded", [LoginRequired] (User user) => Body);
        app.MapGet("/cookie-guarded", static () => Body).RequireAuthorization();
        return app;
    }

    /// <summary>Whether Login's records are in a database (<c>--store sqlite</c> or <c>--store postgres</c>), shared by the instances.</summary>
    public static bool UsesDatabase(WebApplication app) => app.Configuration["store"] is "postgres" or "sqlite";

    /// <summary>
    /// <c>/login/{id}</c> and <c>/logout</c>, for the minting instance only (the served app keeps the three endpoints it
    /// had, so its routing costs what it did): real logins, whose login records are in the store.
    /// </summary>
    public static void MapLoginEndpoints(WebApplication app)
    {
        app.MapGet("/login/{id:int}", static async (HttpContext http, int id) =>
        {
            await http.LoginUserAsync(new User { Id = id });
            return Body;
        });
        app.MapGet("/logout", static async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return Body;
        });
    }
}
