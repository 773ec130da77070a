using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>
/// How Login behaves (Flask-Login's <c>LoginManager</c> settings). Set in <c>AddLogin(o => ...)</c> or in the
/// <c>Login</c> configuration section; validated once at startup.
/// </summary>
public sealed class LoginOptions
{
    /// <summary>The configuration section <c>AddLogin</c> binds: <c>Login</c>.</summary>
    public const string SectionName = "Login";

    /// <summary>
    /// Where anonymous requests to a guarded endpoint are sent (Flask-Login's <c>login_view</c>): a path such as
    /// <c>/login</c> or an absolute http(s) URL. <c>null</c> (the default) answers 401 instead of redirecting.
    /// </summary>
    public string? LoginView { get; set; }

    /// <summary>
    /// Where logged-in but non-fresh requests to a <see cref="FreshLoginRequiredAttribute">[FreshLoginRequired]</see>
    /// endpoint are sent (Flask-Login's <c>refresh_view</c>). <c>null</c> answers 401.
    /// </summary>
    public string? RefreshView { get; set; }

    /// <summary>
    /// The header whose value is handed to a <see cref="HeaderLoaderAttribute">[HeaderLoader]</see>
    /// (Flask-Login's <c>AUTH_HEADER_NAME</c>). Default <c>Authorization</c>.
    /// </summary>
    public string AuthHeaderName { get; set; } = "Authorization";

    /// <summary>
    /// Keep the page to return to in the session instead of the login URL's query (Flask-Login's
    /// <c>USE_SESSION_FOR_NEXT</c>); read it back with <c>TakeSessionNext()</c>. Default <c>false</c>.
    /// </summary>
    public bool UseSessionForNext { get; set; }

    /// <summary>
    /// A host to put in login and refresh redirects, which then read <c>//host/login?next=...</c>
    /// (Flask-Login's <c>FORCE_HOST_FOR_REDIRECTS</c>). Default <c>null</c>: the redirect stays relative.
    /// </summary>
    public string? ForceHostForRedirects { get; set; }

    /// <summary>Flashed when an anonymous request is sent to the login view (Flask-Login's <c>login_message</c>); <c>null</c> or empty flashes nothing.</summary>
    public string? LoginMessage { get; set; } = "Please log in to access this page.";

    /// <summary>The category <see cref="LoginMessage"/> is flashed with. Default <c>message</c>.</summary>
    public string LoginMessageCategory { get; set; } = "message";

    /// <summary>Flashed when a stale login is sent to the refresh view (Flask-Login's <c>needs_refresh_message</c>).</summary>
    public string? NeedsRefreshMessage { get; set; } = "Please reauthenticate to access this page.";

    /// <summary>The category <see cref="NeedsRefreshMessage"/> is flashed with. Default <c>message</c>.</summary>
    public string NeedsRefreshMessageCategory { get; set; } = "message";

    /// <summary>
    /// Translates the login and refresh messages before they are flashed (Flask-Login's <c>localize_callback</c>).
    /// When <c>null</c> and an <c>IStringLocalizer&lt;LoginOptions&gt;</c> is registered (<c>AddLocalization</c>), that is used.
    /// </summary>
    public Func<string, string>? LocalizeCallback { get; set; }

    /// <summary>Answers anonymous requests to guarded endpoints instead of the redirect or 401 (Flask-Login's <c>unauthorized_handler</c>).</summary>
    public Func<HttpContext, Task>? UnauthorizedHandler { get; set; }

    /// <summary>Answers stale logins on fresh-only endpoints instead of the redirect or 401 (Flask-Login's <c>needs_refresh_handler</c>).</summary>
    public Func<HttpContext, Task>? NeedsRefreshHandler { get; set; }

    /// <summary>
    /// Answer API requests with 401 and a ProblemDetails body instead of redirecting them to an HTML login form:
    /// endpoints ASP.NET Core marks as API endpoints (<c>IDisableCookieRedirectMetadata</c>: JSON bodies, TypedResults,
    /// <c>[ApiController]</c>; <c>AllowCookieRedirect()</c> opts back in), and requests sent with
    /// <c>X-Requested-With: XMLHttpRequest</c> or <c>Accept: application/json</c>. Default <c>true</c>.
    /// </summary>
    public bool ApiRequestsGet401 { get; set; } = true;

    /// <summary>Guards sessions against use from another client. Default <see cref="Login.SessionProtection.Basic"/>.</summary>
    public SessionProtection SessionProtection { get; set; } = SessionProtection.Basic;

    /// <summary>Callbacks for Flask-Login's nine signals.</summary>
    public LoginEvents Events { get; set; } = new();

    /// <summary>The query field that carries the page to return to after logging in. Default <c>next</c>.</summary>
    public string NextField { get; set; } = "next";

    /// <summary>
    /// The session cookie: holds the user id, the fresh flag, the session identifier and when it was issued,
    /// encrypted and authenticated with DataProtection. Path <c>/</c>, HttpOnly, SameSite Lax, no expiry: it ends with
    /// the browser session. Its name and Secure attribute depend on the environment; see remarks.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Outside Development (Production, Staging, any other environment): named <c>__Host-Login.Session</c> and Secure
    /// always. Browsers keep a <c>__Host-</c> cookie only when it is Secure, host-only (no Domain) and for Path
    /// <c>/</c>, so no other site, not even a sibling subdomain (<c>evil.example.com</c> beside
    /// <c>app.example.com</c>), can set one; a cookie planted with <c>Domain=.example.com</c> would otherwise arrive
    /// beside the app's own and could log the visitor in as the attacker. Secure always also holds behind a proxy that
    /// terminates TLS; an app served over plain HTTP outside Development must set a name without the prefix and
    /// <see cref="CookieBuilder.SecurePolicy"/> itself.
    /// </para>
    /// <para>
    /// In Development: <c>.Login.Session</c>, Secure when the request is HTTPS, so http://localhost works.
    /// </para>
    /// <para>
    /// A name or Secure policy the application sets (in code or in configuration) is kept. A <c>__Host-</c> name with a
    /// Domain, a Path other than <c>/</c> or a Secure policy other than Always fails at startup, as does a
    /// <c>__Secure-</c> name that is not Secure always.
    /// </para>
    /// <para>
    /// What a sibling subdomain can still do: with a name without the prefix (the Development names, or one the
    /// application chose) it can set a cookie of that name for the whole domain. When the browser also has the app's own,
    /// Login gets two and trusts neither (the visitor is logged out while the planted one lasts); when the browser has
    /// none, the planted one is read like any other, and it may hold the attacker's own login. With the <c>__Host-</c>
    /// name it can still set cookies under other names, which Login ignores, even those ASP.NET Core's lenient cookie
    /// parser would read as this one (<c>x@__Host-Login.Session</c>, a value with <c>,__Host-Login.Session=</c>): Login
    /// refuses the session when it sees one.
    /// </para>
    /// </remarks>
    public CookieBuilder SessionCookie { get; set; } = new LoginCookieBuilder(
        LoginCookieDefaults.SessionCookieName, developmentName: LoginCookieDefaults.DevelopmentSessionCookieName)
    {
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
    };

    /// <summary>
    /// The remember-me cookie (Flask-Login's <c>REMEMBER_COOKIE_*</c>): set when a login asks to be remembered, it
    /// restores the login after the browser session ended. Path <c>/</c>, HttpOnly, SameSite Lax. Outside Development
    /// named <c>__Host-remember_token</c> and Secure always; in Development <c>remember_token</c>, Secure when the request
    /// is HTTPS. The rules and the reasons are those of <see cref="SessionCookie"/>.
    /// </summary>
    public CookieBuilder RememberCookie { get; set; } = new LoginCookieBuilder(
        LoginCookieDefaults.RememberCookieName, developmentName: LoginCookieDefaults.DevelopmentRememberCookieName)
    {
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
    };

    /// <summary>How long a remember cookie lasts, unless a login passes its own duration. Default 365 days.</summary>
    public TimeSpan RememberCookieDuration { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Renew the remember cookie's expiry on every request that carries it (Flask-Login's
    /// <c>REMEMBER_COOKIE_REFRESH_EACH_REQUEST</c>). Never creates one for a login that did not ask. Default <c>false</c>.
    /// </summary>
    public bool RememberCookieRefreshEachRequest { get; set; }

    /// <summary>
    /// The longest a login lasts, counted from the moment of logging in (Flask's <c>PERMANENT_SESSION_LIFETIME</c>).
    /// Enforced from the time inside the session cookie, so a copied cookie stops working too. Default 31 days.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// Ends a session nobody used for this long; <c>null</c> (the default) never does. Enforced from a time inside the
    /// cookie, which is refreshed once more than half of the timeout has passed, so an idle session ends between half
    /// the timeout and the timeout after its last use.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>
    /// How long a remember cookie that was just replaced (it restored a login, and got a new token) is still taken, for
    /// a browser's requests that left with the old cookie at the same moment. Presented again after this, it is taken
    /// as a copy in another browser: its login ends everywhere (a warning is logged and counted). Default 5 seconds;
    /// at most 10.
    /// </summary>
    public TimeSpan RememberTokenReuseGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long guarded requests go on from what this instance knows of ended logins when the session store cannot be
    /// reached (no poll, no notification). After that they fail closed, with 503 and <c>Retry-After</c>, until the store
    /// answers again, and recover by themselves. Default 30 seconds; at most 60.
    /// </summary>
    public TimeSpan SessionStoreMaxStaleness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most live logins one user may have at once (browsers, devices). A new login beyond it ends that user's
    /// oldest logins, never anyone else's, so no account can fill the session store. Default 100; <c>null</c> for no limit.
    /// </summary>
    public int? MaxLoginsPerUser { get; set; } = 100;

    /// <summary>
    /// How often the logins of open SignalR connections and Blazor circuits are checked against their users: each
    /// login's user is loaded once per interval on the instance that holds its connections, and a connection ends when
    /// its user no longer loads, is inactive, or has a new <see cref="SessionStampAttribute">[SessionStamp]</see>.
    /// Logouts and other ended logins need no check: they reach every connection by the store's push. Default 1 second;
    /// <c>null</c> turns the check off (a changed stamp then ends connections only when they reconnect).
    /// </summary>
    public TimeSpan? ConnectionRevalidationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many recently seen session cookies this process remembers decrypted, so a logged-in request skips
    /// DataProtection's decryption. What a cookie says is cached, never the verdict: expiry, idle timeout, logout,
    /// session protection and the session stamp are checked on every request, and the cache is emptied whenever
    /// DataProtection's keys change. A fixed table of this many slots (rounded up to a multiple of 8); each cookie kept costs
    /// about 600 bytes (int id). <c>0</c> turns the cache off.
    /// Default 10,000.
    /// </summary>
    public int SessionCacheSize { get; set; } = 10_000;

    /// <summary>
    /// The application a shared session store's logins belong to: two apps on one PostgreSQL database (or one SQLite
    /// file) with different names never see, list or end each other's logins, and do not share the key ring kept in
    /// PostgreSQL. <c>null</c> (the default) uses DataProtection's application name (<c>SetApplicationName</c>), whose
    /// own default is the content root path, the same for two apps deployed to one path: a warning is logged at start
    /// when a shared store runs under a name the app never chose. Setting it also binds Login's cookies to it, so
    /// setting or changing it logs everyone out once.
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>
    /// The most ended logins this instance remembers (each one refuses its copied session cookies without a database
    /// round trip, about 70 bytes). Past it, the ending that would be forgotten soonest is forgotten, and every session
    /// cookie issued before that ending (plus a margin) is refused instead: fail closed. A remember cookie then restores
    /// its login through the store, which knows every ending; a login without one must log in again. Default 1,000,000.
    /// </summary>
    public int MaxEndedLoginsInMemory { get; set; } = 1_000_000;

    /// <summary>Turns every guard off, as Flask-Login's <c>LOGIN_DISABLED</c> (useful in tests). Default <c>false</c>.</summary>
    public bool LoginDisabled { get; set; }

    /// <summary>HTTP methods that pass guards unchecked (Flask-Login's <c>EXEMPT_METHODS</c>). Default <c>OPTIONS</c>.</summary>
    public ISet<string> ExemptMethods { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { HttpMethods.Options };

    /// <summary>
    /// The user of requests nobody is logged into (Flask-Login's <c>anonymous_user</c>). Default <see cref="Login.AnonymousUser.Instance"/>.
    /// </summary>
    public IUser AnonymousUser { get; set; } = Login.AnonymousUser.Instance;

    /// <summary>
    /// The one <see cref="LoginUserAttribute">[LoginUser]</see> type the app uses, when the process has loaders for
    /// more (several apps or test hosts in one process). <c>null</c> (the default) uses every user type a loader returns:
    /// each login records its type, and the same id in two types never confuses them.
    /// </summary>
    public Type? UserType { get; set; }

    private Dictionary<Type, string>? _loginViews;

    /// <summary>
    /// Sends anonymous requests to endpoints that require a <typeparamref name="TUser"/> login
    /// (<see cref="LoginRequiredAttribute{TUser}">[LoginRequired&lt;TUser&gt;]</see>, a handler parameter of that type)
    /// to <paramref name="loginView"/> instead of <see cref="LoginView"/>: a path such as <c>/admin/login</c> or an
    /// absolute http(s) URL.
    /// </summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class.</typeparam>
    /// <param name="loginView">That user type's login view.</param>
    /// <returns>These options, to chain calls.</returns>
    public LoginOptions LoginViewFor<TUser>(string loginView)
        where TUser : class, IUser
    {
        ArgumentNullException.ThrowIfNull(loginView);
        (_loginViews ??= [])[typeof(TUser)] = loginView;
        return this;
    }

    /// <summary>The login views set with <see cref="LoginViewFor{TUser}(string)"/>, by user type.</summary>
    internal IReadOnlyDictionary<Type, string> LoginViews => _loginViews ?? (IReadOnlyDictionary<Type, string>)EmptyViews;

    private static readonly Dictionary<Type, string> EmptyViews = [];
}
