using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>
/// Callbacks for the moments Flask-Login sends its signals, fired exactly when and as often as it does. Each is
/// optional; an exception thrown by one surfaces as from any handler.
/// </summary>
public sealed class LoginEvents
{
    /// <summary>A user was logged in by <c>LoginUserAsync</c> (<c>user_logged_in</c>).</summary>
    public Func<HttpContext, IUser, Task>? OnLoggedIn { get; set; }

    /// <summary>A user was logged out by <c>LogoutUserAsync</c>, with the user who was logged in (<c>user_logged_out</c>).</summary>
    public Func<HttpContext, IUser, Task>? OnLoggedOut { get; set; }

    /// <summary>A login was restored from the remember cookie (<c>user_loaded_from_cookie</c>).</summary>
    public Func<HttpContext, IUser, Task>? OnLoadedFromCookie { get; set; }

    /// <summary>A request or header loader identified the request's user (<c>user_loaded_from_request</c>).</summary>
    public Func<HttpContext, IUser, Task>? OnLoadedFromRequest { get; set; }

    /// <summary><c>ConfirmLoginAsync</c> made the login fresh again (<c>user_login_confirmed</c>).</summary>
    public Func<HttpContext, Task>? OnLoginConfirmed { get; set; }

    /// <summary>An anonymous request reached a guarded endpoint (<c>user_unauthorized</c>).</summary>
    public Func<HttpContext, Task>? OnUnauthorized { get; set; }

    /// <summary>A non-fresh login reached a <see cref="FreshLoginRequiredAttribute">[FreshLoginRequired]</see> endpoint (<c>user_needs_refresh</c>).</summary>
    public Func<HttpContext, Task>? OnNeedsRefresh { get; set; }

    /// <summary>The current user was looked up for this request, once per request (<c>user_accessed</c>).</summary>
    public Func<HttpContext, Task>? OnAccessed { get; set; }

    /// <summary>Session protection found the session used from another client (<c>session_protected</c>).</summary>
    public Func<HttpContext, Task>? OnSessionProtected { get; set; }
}
