using Login.Testing.Keys;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// The three apps the benchmarks compare, each with only its own stack, so a row measures that stack and nothing
/// another row needs: a plain minimal API, the same with Login, the same with ASP.NET Core cookie authentication.
/// Every guarded endpoint answers with the plain endpoint's body.
/// </summary>
internal static class Apps
{
    public const string Body = "ok";

    /// <summary>
    /// What <c>WebApplication</c> adds by itself when authentication and authorization services exist (since issue 17,
    /// <c>AddLogin()</c> registers both): each is skipped when the app says it added it already. The keys are ASP.NET
    /// Core's (<c>WebApplicationBuilder</c>); a benchmark sets them to measure the pipeline without the two middlewares.
    /// </summary>
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSet = "__AuthorizationMiddlewareSet";

    public static InProcessApp Plain() => InProcessApp.Start(
        static _ => { },
        static app => app.MapGet("/plain", () => Body));

    /// <summary>
    /// The plain app with ASP.NET Core's authentication and authorization services and no scheme: what
    /// <c>UseAuthentication()</c> and <c>UseAuthorization()</c> (added by <c>WebApplication</c>) cost an endpoint by
    /// themselves, the floor under any app that has them.
    /// </summary>
    public static InProcessApp PlainWithAuthenticationMiddleware() => InProcessApp.Start(
        static services =>
        {
            services.AddAuthentication();
            services.AddAuthorization();
        },
        static app => app.MapGet("/plain", () => Body));

    /// <param name="authenticationMiddleware">
    /// <c>false</c> for the pipeline before issue 17: Login's scheme is registered but <c>WebApplication</c> adds neither
    /// <c>UseAuthentication()</c> nor <c>UseAuthorization()</c>, so only the guard loads the user.
    /// </param>
    /// <param name="sessionCacheSize">
    /// <see cref="LoginOptions.SessionCacheSize"/>, or <c>null</c> for the default; 0 turns the decrypted-session cache off,
    /// so every request pays for its cookie as the first request of a session (or every request with 1,000,000 sessions) does.
    /// </param>
    public static InProcessApp Login(bool authenticationMiddleware = true, int? sessionCacheSize = null) => InProcessApp.Start(
        services =>
        {
            // DataProtection's key ring with its keys in memory, so the benchmark leaves nothing behind; the algorithms are
            // the defaults (AES-256-CBC + HMACSHA256).
            InMemoryKeyRing.Use(services);
            services.AddLogin(o =>
            {
                o.LoginView = "/login";
                if (sessionCacheSize is { } size)
                {
                    o.SessionCacheSize = size;
                }
            });
        },
        app =>
        {
            if (!authenticationMiddleware)
            {
                ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSet] = true;
                ((IApplicationBuilder)app).Properties[AuthorizationMiddlewareSet] = true;
            }

            app.UseLogin();
            app.MapGet("/plain", () => Body);
            app.MapGet("/login-guarded", [LoginRequired] (User user) => Body);
            // The same guard on a handler that takes nothing: the guard and the load without the user parameter's binding.
            app.MapGet("/login-guarded-no-parameter", [LoginRequired] () => Body);
            // How a browser gets a remember cookie: a login with "remember me" ticked.
            app.MapGet("/remember-me/{id:int}", async (HttpContext http, int id) =>
            {
                await http.LoginUserAsync(Users.Load(id)!, remember: true);
                return Body;
            });
        });

    public static InProcessApp CookieAuthentication() => InProcessApp.Start(
        static services =>
        {
            InMemoryKeyRing.Use(services);
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            services.AddAuthorization();
        },
        static app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/cookie-guarded", () => Body).RequireAuthorization();
            // The ticket a typical sign-in issues: id, name and one more claim.
            app.MapGet("/cookie-login/{id:int}", async (HttpContext http, int id) =>
            {
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)),
                        new Claim(ClaimTypes.Name, $"user{id}"),
                        new Claim(ClaimTypes.Email, $"user{id}@example.com"),
                    ],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await http.SignInAsync(new ClaimsPrincipal(identity));
                return Body;
            });
        });
}
