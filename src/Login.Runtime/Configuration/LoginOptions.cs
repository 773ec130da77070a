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

    /// <summary>The query field that carries the page to return to after logging in. Default <c>next</c>.</summary>
    public string NextField { get; set; } = "next";

    /// <summary>
    /// The session cookie: holds the user id, the fresh flag, the session identifier and when it was issued,
    /// encrypted and authenticated with DataProtection. Default name <c>.Login.Session</c>, path <c>/</c>, HttpOnly,
    /// SameSite Lax, Secure when the request is HTTPS. No expiry: it ends with the browser session.
    /// </summary>
    public CookieBuilder SessionCookie { get; set; } = new()
    {
        Name = ".Login.Session",
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        SecurePolicy = CookieSecurePolicy.SameAsRequest,
        IsEssential = true,
    };

    /// <summary>
    /// The remember-me cookie (Flask-Login's <c>REMEMBER_COOKIE_*</c>): set when a login asks to be remembered, it
    /// restores the login after the browser session ended. Default name <c>remember_token</c>, path <c>/</c>,
    /// HttpOnly, SameSite Lax, Secure when the request is HTTPS.
    /// </summary>
    public CookieBuilder RememberCookie { get; set; } = new()
    {
        Name = "remember_token",
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        SecurePolicy = CookieSecurePolicy.SameAsRequest,
        IsEssential = true,
    };

    /// <summary>How long a remember cookie lasts, unless a login passes its own duration. Default 365 days.</summary>
    public TimeSpan RememberCookieDuration { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The longest a login lasts, counted from the moment of logging in (Flask's <c>PERMANENT_SESSION_LIFETIME</c>).
    /// Enforced from the time inside the session cookie, so a copied cookie stops working too. Default 31 days.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(31);

    /// <summary>Turns every guard off, as Flask-Login's <c>LOGIN_DISABLED</c> (useful in tests). Default <c>false</c>.</summary>
    public bool LoginDisabled { get; set; }

    /// <summary>HTTP methods that pass guards unchecked (Flask-Login's <c>EXEMPT_METHODS</c>). Default <c>OPTIONS</c>.</summary>
    public ISet<string> ExemptMethods { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { HttpMethods.Options };

    /// <summary>
    /// The user of requests nobody is logged into (Flask-Login's <c>anonymous_user</c>). Default <see cref="Login.AnonymousUser.Instance"/>.
    /// </summary>
    public IUser AnonymousUser { get; set; } = Login.AnonymousUser.Instance;

    /// <summary>
    /// The <see cref="LoginUserAttribute">[LoginUser]</see> type whose loader reads the session, when the application
    /// has more than one. <c>null</c> (the default) picks the only one.
    /// </summary>
    public Type? UserType { get; set; }
}
