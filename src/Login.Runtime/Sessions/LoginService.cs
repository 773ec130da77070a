using Login.CompilerServices;
using Login.Cookies;
using Login.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Login.Sessions;

/// <summary>The application-wide part of Login: options, cookie formats, the clock and the user types with their loaders.</summary>
internal sealed class LoginService
{
    private LoginUserTypes? _userTypes;

    public LoginService(
        IOptions<LoginOptions> options, IDataProtectionProvider dataProtection, TimeProvider time, ILoggerFactory loggers, LoginMetrics metrics,
        ILoginSessionStore store, IKeyManager? keys = null, IOptions<DataProtectionOptions>? dataProtectionOptions = null)
    {
        Options = options.Value;
        Logger = loggers.CreateLogger("Login");
        var protection = Store.LoginApplication.CookieProtection(dataProtection, Options);
        // The session cookie's own keys come from DataProtection's key ring, isolated as DataProtection isolates the
        // cookie: its application name, Login's application name, the cookie's purpose.
        Func<IDataProtector, SessionCookieKeys>? sessionKeys = keys is null
            ? null
            : protector => new SessionCookieKeys(
                keys, protector, [dataProtectionOptions?.Value.ApplicationDiscriminator, Options.ApplicationName, SessionCookieFormat.Purpose], time, Logger);
        // The formats ask for the user types only when they decrypt a cookie: building them checks the app's loaders,
        // which the options' validation reports at startup with a clearer message.
        SessionCookies = new(new SessionCookieFormat(protection, () => UserTypes, sessionKeys), Options.SessionCacheSize, keys, time);
        RememberFormat = new(protection, () => UserTypes);
        Time = time;
        Families = new(store, time, Options);
        Metrics = metrics;
    }

    public LoginOptions Options { get; }

    public SessionCookieFormat SessionFormat => SessionCookies.Format;

    /// <summary>Reads session cookies, remembering recent ones decrypted; see <see cref="SessionCookieCache"/>.</summary>
    public SessionCookieCache SessionCookies { get; }

    public RememberCookieFormat RememberFormat { get; }

    public TimeProvider Time { get; }

    /// <summary>Login families: the store they live in and what this instance knows of them.</summary>
    public LoginFamilies Families { get; }

    public ILogger Logger { get; }

    public LoginMetrics Metrics { get; }

    /// <summary>
    /// The app's user types and their loaders (checked when the options were validated): which type a login's recorded
    /// key names, whose [UserLoader] loads it, and the request and header loaders of every type.
    /// </summary>
    public LoginUserTypes UserTypes => _userTypes ??= LoginUserTypes.Build(Options);

    public static LoginService For(HttpContext context) =>
        context.RequestServices.GetService<LoginService>()
        ?? throw new InvalidOperationException(
            "Login's services are not registered. Call builder.Services.AddLogin(o => o.LoginView = \"/login\") before building the app.");
}
