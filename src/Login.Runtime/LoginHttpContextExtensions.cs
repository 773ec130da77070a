using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>Logging users in and out, and asking who is logged in (Flask-Login's module-level functions).</summary>
public static class LoginHttpContextExtensions
{
    private static readonly Task<bool> Refused = Task.FromResult(false);
    private static readonly Task<bool> Accepted = Task.FromResult(true);

    /// <summary>
    /// Logs <paramref name="user"/> in (Flask-Login's <c>login_user</c>): a new session with a new session identifier
    /// is written to the session cookie, and to a remember cookie too when <paramref name="remember"/> is set.
    /// Call it before the response starts.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <param name="user">The user who proved who they are.</param>
    /// <param name="remember">Also set the remember cookie, so the login survives the end of the browser session.</param>
    /// <param name="duration">How long the remember cookie lasts; default <see cref="LoginOptions.RememberCookieDuration"/>.</param>
    /// <param name="force">Log the user in even when <see cref="IUser.IsActive"/> is <c>false</c>.</param>
    /// <param name="fresh">Whether the login counts as fresh; <c>false</c> for logins the user did not type credentials for.</param>
    /// <returns><c>true</c>; <c>false</c> when the user is inactive and <paramref name="force"/> is not set.</returns>
    public static Task<bool> LoginUserAsync(this HttpContext context, IUser user, bool remember = false, TimeSpan? duration = null, bool force = false, bool fresh = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "The remember cookie's duration must be positive.");
        }

        if (!force && !user.IsActive)
        {
            return Refused;
        }

        var userId = user.GetId() ?? throw new ArgumentException(
            $"{user.GetType().Name}.GetId() returned null; only users with an id can log in.", nameof(user));
        if (context.Response.HasStarted)
        {
            throw new InvalidOperationException("LoginUserAsync must be called before the response starts: it writes the session cookie.");
        }

        var state = LoginRequestState.For(context);
        state.LogIn(user, userId, fresh, remember ? duration ?? state.Service.Options.RememberCookieDuration : null);
        return Accepted;
    }

    /// <summary>
    /// Logs the current user out (Flask-Login's <c>logout_user</c>): the session cookie and the remember cookie are
    /// deleted and revoked (a copy of either no longer works), and the rest of this request sees the anonymous user.
    /// Harmless when nobody is logged in.
    /// </summary>
    public static Task LogoutUserAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LoginRequestState.For(context).LogOut();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The current user (Flask-Login's <c>current_user</c>): the logged-in user, or
    /// <see cref="LoginOptions.AnonymousUser"/>. Loaded on first use and at most once per request.
    /// </summary>
    public static ValueTask<IUser> GetCurrentUserAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).GetUserAsync();
    }

    /// <summary>The current user as the application's user type, or <c>null</c> when nobody is logged in.</summary>
    public static async ValueTask<TUser?> GetCurrentUserAsync<TUser>(this HttpContext context)
        where TUser : class, IUser
    {
        var user = await context.GetCurrentUserAsync().ConfigureAwait(false);
        return user as TUser;
    }

    /// <summary>Whether the current login is fresh (Flask-Login's <c>login_fresh</c>).</summary>
    public static bool IsLoginFresh(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).Session?.Fresh ?? false;
    }
}
