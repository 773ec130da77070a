using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Login.LoadTest;

/// <summary>
/// The one app the load test drives: a plain endpoint, a Login-guarded one and a cookie-authentication one, each
/// answering <see cref="Body"/>. Serving and minting build it the same way, so a cookie minted by one process is read
/// by the other with the same keys and purposes.
/// </summary>
internal static class LoadTestApp
{
    public const string Body = "ok";

    /// <param name="args">The command line: <c>--port</c>, <c>--keys</c> (the DataProtection key directory), <c>--users</c>.</param>
    public static WebApplication Build(string[] args)
    {
        // Production: no developer exception page, and the logging a production app runs with.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = Environments.Production });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var keys = builder.Configuration["keys"] ?? throw new ArgumentException("--keys <directory> is required: the serving and minting processes share it.");
        Users.Count = int.Parse(builder.Configuration["users"] ?? "1000000", CultureInfo.InvariantCulture);
        var port = int.Parse(builder.Configuration["port"] ?? "5087", CultureInfo.InvariantCulture);
        // Loopback only, whatever ASPNETCORE_URLS says: this app hands out sessions to anyone who asks for a benchmark.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        builder.Services.AddDataProtection().SetApplicationName("Login.LoadTest").PersistKeysToFileSystem(new DirectoryInfo(keys));
        // No login view: an anonymous request to /login-guarded is a 401, which wrk counts as an error, where a 302 it would not.
        builder.Services.AddLogin();
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
}
