namespace Login;

/// <summary>
/// How hard Login guards a session against being used from another client (Flask-Login's <c>session_protection</c>).
/// The client is identified by the SHA-512 of its remote address and User-Agent, taken at login.
/// </summary>
public enum SessionProtection
{
    /// <summary>No check.</summary>
    None = 0,

    /// <summary>A session used from another client is marked non-fresh: it still works, but not for <see cref="FreshLoginRequiredAttribute">[FreshLoginRequired]</see>.</summary>
    Basic = 1,

    /// <summary>A session used from another client is dropped, with its remember cookie: the request is anonymous.</summary>
    Strong = 2,
}
