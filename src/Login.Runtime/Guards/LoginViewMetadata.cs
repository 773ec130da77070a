namespace Login.Guards;

/// <summary>
/// Endpoint metadata that overrides <see cref="LoginOptions.LoginView"/> for a route group (Flask-Login's
/// <c>blueprint_login_views</c>). A <c>null</c> view answers 401 for that group.
/// </summary>
public sealed class LoginViewMetadata(string? loginView)
{
    /// <summary>The group's login view: a path, an absolute URL, an endpoint name, or <c>null</c> for 401.</summary>
    public string? LoginView { get; } = loginView;
}
