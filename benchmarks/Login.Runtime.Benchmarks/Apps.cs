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

    public static InProcessApp Plain() => InProcessApp.Start(
        static _ => { },
        static app => app.MapGet("/plain", () => Body));

    public static InProcessApp Login() => InProcessApp.Start(
        static services =>
        {
            // Keys in memory, so the benchmark leaves nothing behind; the algorithms are the defaults (AES-256-CBC + HMACSHA256).
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddLogin(o => o.LoginView = "/login");
        },
        static app =>
        {
            app.UseLogin();
            app.MapGet("/plain", () => Body);
            app.MapGet("/login-guarded", [LoginRequired] (User user) => Body);
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
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
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
