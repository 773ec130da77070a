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

/// <summary>The application-wide part of Login: options, cookie formats, the clock and the user loader.</summary>
internal sealed class LoginService(
    IOptions<LoginOptions> options, IDataProtectionProvider dataProtection, TimeProvider time, ILoggerFactory loggers, LoginMetrics metrics,
    ILoginSessionStore store, IKeyManager? keys = null)
{
    private LoaderSet? _loaders;

    public LoginOptions Options { get; } = options.Value;

    public SessionCookieFormat SessionFormat => SessionCookies.Format;

    /// <summary>Reads session cookies, remembering recent ones decrypted; see <see cref="SessionCookieCache"/>.</summary>
    public SessionCookieCache SessionCookies { get; } = new(new SessionCookieFormat(Store.LoginApplication.CookieProtection(dataProtection, options.Value)), options.Value.SessionCacheSize, keys, time);

    public RememberCookieFormat RememberFormat { get; } = new(Store.LoginApplication.CookieProtection(dataProtection, options.Value));

    public TimeProvider Time { get; } = time;

    /// <summary>Login families: the store they live in and what this instance knows of them.</summary>
    public LoginFamilies Families { get; } = new(store, time, options.Value);

    public ILogger Logger { get; } = loggers.CreateLogger("Login");

    public LoginMetrics Metrics { get; } = metrics;

    public LoaderSet Loaders => _loaders ??= UserLoaderRegistry.Resolve(Options.UserType);

    private LoginUserTypes? _userTypes;

    /// <summary>The app's user types and their loaders (checked when the options were validated).</summary>
    public LoginUserTypes UserTypes => _userTypes ??= LoginUserTypes.Build(Options);

    public static LoginService For(HttpContext context) =>
        context.RequestServices.GetService<LoginService>()
        ?? throw new InvalidOperationException(
            "Login's services are not registered. Call builder.Services.AddLogin(o => o.LoginView = \"/login\") before building the app.");
}
