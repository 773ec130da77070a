namespace Login.Guards;

/// <summary>
/// Endpoint metadata that overrides <see cref="LoginOptions.LoginView"/> for a route group (Flask-Login's
/// <c>blueprint_login_views</c>), added by <c>RequireLogin(view)</c> and <c>RequireFreshLogin(view)</c>. A <c>null</c>
/// view answers 401 for that group.
/// </summary>
public sealed class LoginViewMetadata
{
    /// <summary>Checks <paramref name="loginView"/> at once, so a mistake shows where the group is mapped.</summary>
    /// <param name="loginView">
    /// A path starting with a single <c>/</c> (under the app's path base), an absolute http(s) URL, the name of an endpoint
    /// (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>), or <c>null</c> for 401.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is none of these; the message says what to write.</exception>
    public LoginViewMetadata(string? loginView)
    {
        LoginView = loginView;
        View = loginView is null ? null : Urls.LoginView.Parse(loginView, nameof(loginView));
    }

    /// <summary>The group's login view as written: a path, an absolute URL, an endpoint name, or <c>null</c> for 401.</summary>
    public string? LoginView { get; }

    /// <summary>The same, parsed; <c>null</c> for 401.</summary>
    internal Urls.LoginView? View { get; }
}
