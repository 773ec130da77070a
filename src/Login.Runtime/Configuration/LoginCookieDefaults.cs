using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Login;

/// <summary>
/// Picks the cookies' names and Secure policy for the environment, after the application's own configuration ran:
/// in Development, <c>.Login.Session</c> and <c>remember_token</c>, Secure over HTTPS only; anywhere else (Production,
/// Staging, or no <see cref="IHostEnvironment"/> at all) <c>__Host-Login.Session</c> and <c>__Host-remember_token</c>,
/// Secure always. Only what the application left unset changes; see <see cref="LoginCookieBuilder"/>.
/// </summary>
internal sealed class LoginCookieDefaults(IHostEnvironment? environment = null) : IPostConfigureOptions<LoginOptions>
{
    public const string SessionCookieName = "__Host-Login.Session";
    public const string DevelopmentSessionCookieName = ".Login.Session";
    public const string RememberCookieName = "__Host-remember_token";
    public const string DevelopmentRememberCookieName = "remember_token";

    public void PostConfigure(string? name, LoginOptions options)
    {
        if (environment?.IsDevelopment() == true)
        {
            (options.SessionCookie as LoginCookieBuilder)?.UseDevelopmentDefaults();
            (options.RememberCookie as LoginCookieBuilder)?.UseDevelopmentDefaults();
        }
    }
}
