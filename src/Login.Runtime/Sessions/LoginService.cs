using Login.Diagnostics;
using Login.Loading;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Login.Sessions;

/// <summary>The application-wide part of Login: options, cookie formats, the clock and the user loader.</summary>
internal sealed class LoginService(
    IOptions<LoginOptions> options, IDataProtectionProvider dataProtection, TimeProvider time, ILoggerFactory loggers, LoginMetrics metrics,
    ILoginSessionStore store, IKeyManager? keys = null)
{
    private LoaderSet? _loaders;

    public LoginOptions Options { get; } = options.Value;

    public SessionCookieFormat SessionFormat => SessionCookies.Format;

    /// <summary>Reads session cookies, remembering recent ones decrypted; see <see cref="SessionCookieCache"/>.</summary>
    public SessionCookieCache SessionCookies { get; } = new(new SessionCookieFormat(dataProtection), options.Value.SessionCacheSize, keys, time);

    public RememberCookieFormat RememberFormat { get; } = new(dataProtection);

    public TimeProvider Time { get; } = time;

    /// <summary>Where login families live: the database the app chose, or this process's memory.</summary>
    public ILoginSessionStore Store { get; } = store;

    /// <summary>The ended logins this instance knows of; a guarded request asks only this.</summary>
    public EndedFamilies Families { get; } = new(time);

    /// <summary>Last-seen times waiting for the next batch to the store.</summary>
    public FamilyTouches Touches { get; } = new();

    /// <summary>The longest any cookie of a login can live: the bound for remembering an ending whose expiry is not known yet.</summary>
    public TimeSpan LongestCookieLife => Options.SessionLifetime > Options.RememberCookieDuration ? Options.SessionLifetime : Options.RememberCookieDuration;

    public ILogger Logger { get; } = loggers.CreateLogger("Login");

    public LoginMetrics Metrics { get; } = metrics;

    public LoaderSet Loaders => _loaders ??= UserLoaderRegistry.Resolve(Options.UserType);

    public static LoginService For(HttpContext context) =>
        context.RequestServices.GetService<LoginService>()
        ?? throw new InvalidOperationException(
            "Login's services are not registered. Call builder.Services.AddLogin(o => o.LoginView = \"/login\") before building the app.");
}
