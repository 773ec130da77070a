using System.ComponentModel;
using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>Logging users in and out, and asking who is logged in (Flask-Login's module-level functions).</summary>
public static class LoginHttpContextExtensions
{
    /// <summary>
    /// Logs <paramref name="user"/> in (Flask-Login's <c>login_user</c>): a new session with a new session identifier
    /// goes to the session cookie, and a remember cookie too when <paramref name="remember"/> is set. The cookies are
    /// written when the response starts, so call it before writing the body.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <param name="user">The user who proved who they are.</param>
    /// <param name="remember">Also set the remember cookie, so the login survives the end of the browser session.</param>
    /// <param name="duration">How long the remember cookie lasts; default <see cref="LoginOptions.RememberCookieDuration"/>.</param>
    /// <param name="force">Log the user in even when <see cref="IUser.IsActive"/> is <c>false</c>.</param>
    /// <param name="fresh">Whether the login counts as fresh; <c>false</c> for logins the user did not type credentials for.</param>
    /// <returns><c>true</c>; <c>false</c> when the user is inactive and <paramref name="force"/> is not set.</returns>
    public static async Task<bool> LoginUserAsync(this HttpContext context, IUser user, bool remember = false, TimeSpan? duration = null, bool force = false, bool fresh = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "The remember cookie's duration must be positive.");
        }

        if (!force && !user.IsActive)
        {
            return false;
        }

        var userId = user.GetId() ?? throw new ArgumentException(
            $"{user.GetType().Name}.GetId() returned null; only users with an id can log in.", nameof(user));
        if (context.Response.HasStarted)
        {
            throw new InvalidOperationException("LoginUserAsync must be called before the response starts: it writes the session cookie.");
        }

        var state = LoginRequestState.For(context);
        // The login records the user's type, whose [UserLoader] finds the user again: without one, nobody of that type can
        // log in (the id alone would be loaded as nobody, or as someone of another type).
        var userType = state.Service.UserTypes.Of(user.GetType());
        if (userType?.User is null)
        {
            throw new InvalidOperationException(userType is null
                ? $"{user.GetType().FullName} is not a user type of this app (no [UserLoader], [RequestLoader] or [HeaderLoader] returns it" +
                  (state.Service.Options.UserType is { } only ? $"; LoginOptions.UserType limits the app to {only.Name}" : "") +
                  "), so a session could not find the user again. Mark it [LoginUser], add a static method marked [UserLoader] " +
                  "that takes the id and returns the user, or log in another type."
                : $"The user type {user.GetType().FullName} has no [UserLoader], so a session could not find the user again. " +
                  "Add a static method marked [UserLoader] that takes the id and returns the user, or log in another type.");
        }

        await state.LogInAsync(user, userType, userId, fresh, remember ? duration ?? state.Service.Options.RememberCookieDuration : null).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Logs the current user out (Flask-Login's <c>logout_user</c>): the login is removed from the session, the
    /// remember cookie is deleted, both are revoked (a copy of either no longer works), and the rest of this request
    /// sees the anonymous user. The application's flashed messages stay. Harmless when nobody is logged in.
    /// </summary>
    public static Task LogoutUserAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).LogOutAsync();
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

    /// <summary>
    /// The current user if it is a <typeparamref name="TUser"/>, else <c>null</c> (nobody is logged in, or someone of
    /// another user type is: in an app with <c>Customer</c> and <c>Admin</c>, <c>GetCurrentUserAsync&lt;Admin&gt;()</c> is
    /// <c>null</c> for a customer's login, whatever the ids).
    /// </summary>
    /// <typeparam name="TUser">
    /// A <see cref="LoginUserAttribute">[LoginUser]</see> class (only a login of that type), or any type or interface
    /// the user may be.
    /// </typeparam>
    public static ValueTask<TUser?> GetCurrentUserAsync<TUser>(this HttpContext context)
        where TUser : class, IUser
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        var loading = state.GetUserAsync();
        return loading.IsCompletedSuccessfully
            ? new ValueTask<TUser?>(state.Service.UserTypes.As<TUser>(loading.Result))
            : AwaitAs<TUser>(loading, state);
    }

    private static async ValueTask<TUser?> AwaitAs<TUser>(ValueTask<IUser> loading, LoginRequestState state)
        where TUser : class, IUser => state.Service.UserTypes.As<TUser>(await loading.ConfigureAwait(false));

    /// <summary>
    /// Whether the current login is fresh (Flask-Login's <c>login_fresh</c>): the current user came from this session
    /// (the session or remember cookie, or <see cref="LoginUserAsync"/> in this request) and typed their credentials in
    /// it, or confirmed them with <see cref="ConfirmLoginAsync"/>. It agrees with <see cref="GetCurrentUserAsync(HttpContext)"/>:
    /// the user is loaded first, so session protection and the <see cref="SessionStampAttribute">[SessionStamp]</see>
    /// check apply, and a user from a <see cref="RequestLoaderAttribute">[RequestLoader]</see> or
    /// <see cref="HeaderLoaderAttribute">[HeaderLoader]</see> is never fresh.
    /// </summary>
    /// <remarks>
    /// Loads the current user if nothing has yet. Behind a guard, or after <c>GetCurrentUserAsync</c>, it is loaded; with
    /// a synchronous loader the load completes at once. With an asynchronous loader that has not finished this throws
    /// <see cref="InvalidOperationException"/> rather than block a thread: call <see cref="IsLoginFreshAsync"/> there.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The user is not loaded yet and its loader is still running.</exception>
    public static bool IsLoginFresh(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        state.LoadUserWithoutBlocking(nameof(IsLoginFresh), nameof(IsLoginFreshAsync));
        return state.IsFresh;
    }

    /// <summary>
    /// Whether the current login is fresh, loading the current user first if nothing has yet; see <see cref="IsLoginFresh"/>.
    /// </summary>
    public static ValueTask<bool> IsLoginFreshAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        var loading = state.GetUserAsync();
        return loading.IsCompletedSuccessfully ? new ValueTask<bool>(state.IsFresh) : AwaitFresh(loading, state);
    }

    private static async ValueTask<bool> AwaitFresh(ValueTask<IUser> loading, LoginRequestState state)
    {
        await loading.ConfigureAwait(false);
        return state.IsFresh;
    }

    /// <summary>
    /// Whether the current login is remembered (Flask-Login's <c>login_remembered</c>): the current user came from this
    /// session, and a valid remember cookie for that user came with the request and is not being cleared. Like
    /// <see cref="IsLoginFresh"/>, it agrees with <see cref="GetCurrentUserAsync(HttpContext)"/>: session protection and
    /// the session stamp apply first, and a user from a request or header loader is never remembered.
    /// </summary>
    /// <remarks>
    /// Loads the current user if nothing has yet; with an asynchronous loader that has not finished this throws
    /// <see cref="InvalidOperationException"/> rather than block a thread: call <see cref="IsLoginRememberedAsync"/> there.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The user is not loaded yet and its loader is still running.</exception>
    public static bool IsLoginRemembered(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        state.LoadUserWithoutBlocking(nameof(IsLoginRemembered), nameof(IsLoginRememberedAsync));
        return state.IsRemembered;
    }

    /// <summary>
    /// Whether the current login is remembered, loading the current user first if nothing has yet; see
    /// <see cref="IsLoginRemembered"/>.
    /// </summary>
    public static ValueTask<bool> IsLoginRememberedAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        var loading = state.GetUserAsync();
        return loading.IsCompletedSuccessfully ? new ValueTask<bool>(state.IsRemembered) : AwaitRemembered(loading, state);
    }

    private static async ValueTask<bool> AwaitRemembered(ValueTask<IUser> loading, LoginRequestState state)
    {
        await loading.ConfigureAwait(false);
        return state.IsRemembered;
    }

    /// <summary>
    /// Marks the current login fresh again, after the user re-entered their password (Flask-Login's
    /// <c>confirm_login</c>); the session keeps its identifier (its login family: a copy of the stale cookie ends with it)
    /// and is bound to this client again. The current user is
    /// loaded first, so session protection and the session stamp apply: only a login that
    /// <see cref="GetCurrentUserAsync(HttpContext)"/> would serve is confirmed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current user did not come from a logged-in session.</exception>
    public static Task ConfirmLoginAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).ConfirmAsync();
    }

    /// <summary>The former name of <see cref="ConfirmLoginAsync"/>, which it calls.</summary>
    [Obsolete("ConfirmLogin returns a Task: call await context.ConfirmLoginAsync() instead. ConfirmLogin will be removed in the next release.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Task ConfirmLogin(this HttpContext context) => ConfirmLoginAsync(context);

    /// <summary>Keeps a message for the next page that reads <see cref="GetFlashedMessages"/> (Flask's <c>flash</c>).</summary>
    public static void Flash(this HttpContext context, string message, string category = "message")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(category);
        LoginRequestState.For(context).Flash(message, category);
    }

    /// <summary>The messages flashed so far, oldest first; reading them removes them (Flask's <c>get_flashed_messages</c>).</summary>
    public static IReadOnlyList<FlashMessage> GetFlashedMessages(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).TakeFlashes();
    }

    /// <summary>
    /// The page to return to that a guard kept in the session (<see cref="LoginOptions.UseSessionForNext"/>), removed
    /// as it is read; <c>null</c> when there is none. Pass it through <see cref="LoginUrls.GetSafeRedirect"/>.
    /// </summary>
    public static string? TakeSessionNext(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoginRequestState.For(context).TakeNext();
    }

    /// <summary>
    /// The current user's live logins (this browser's and every other device's), newest first; the one this request
    /// belongs to has <see cref="LoginSession.IsCurrent"/>. Empty for an anonymous request, and for a user from a
    /// request or header loader, who has no logins.
    /// </summary>
    /// <exception cref="LoginStoreUnavailableException">The session store cannot be reached.</exception>
    public static async Task<IReadOnlyList<LoginSession>> GetLoginSessionsAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        if (await state.GetCurrentFamilyAsync().ConfigureAwait(false) is not { } current || state.LoadedUser?.GetId() is not { } userId)
        {
            return [];
        }

        var families = await state.Service.Families.Store.ListLiveAsync(userId, state.Service.Time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        var sessions = new LoginSession[families.Count];
        for (var i = 0; i < sessions.Length; i++)
        {
            var family = families[i];
            sessions[i] = family.ToLoginSession(isCurrent: FamilyIds.TryParse(family.Id, out var id) && id == current);
        }

        return sessions;
    }

    /// <summary>
    /// Ends every login of the current user, on every device and instance (a "log out everywhere" button, after a
    /// password change). With <paramref name="keepCurrent"/> this request's login stays; otherwise it ends too and the
    /// rest of the request is anonymous, as after <see cref="LogoutUserAsync"/>.
    /// </summary>
    /// <returns>How many logins ended.</returns>
    /// <exception cref="LoginStoreUnavailableException">The session store cannot be reached.</exception>
    public static async Task<int> LogoutEverywhereAsync(this HttpContext context, bool keepCurrent = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        if (await state.GetCurrentFamilyAsync().ConfigureAwait(false) is not { } current || state.LoadedUser?.GetId() is not { } userId)
        {
            return 0;
        }

        var ended = await state.Service.Families.EndAllAsync(userId, keep: current, state.Service.Time.GetUtcNow(), context.RequestAborted)
            .ConfigureAwait(false);
        if (keepCurrent)
        {
            return ended;
        }

        await state.LogOutAsync().ConfigureAwait(false);
        return ended + 1;
    }

    /// <summary>
    /// Ends one of the current user's logins (from a list of <see cref="GetLoginSessionsAsync"/>): every cookie of it
    /// stops working, everywhere. Ending the current one logs this request out.
    /// </summary>
    /// <returns><c>true</c> if it was a live login of the current user and is now ended; <c>false</c> otherwise (another user's, unknown, already ended).</returns>
    /// <exception cref="LoginStoreUnavailableException">The session store cannot be reached.</exception>
    public static async Task<bool> EndLoginSessionAsync(this HttpContext context, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = LoginRequestState.For(context);
        if (!FamilyIds.TryParse(sessionId, out var id)
            || await state.GetCurrentFamilyAsync().ConfigureAwait(false) is not { } current || state.LoadedUser?.GetId() is not { } userId)
        {
            return false;
        }

        if (id == current)
        {
            await state.LogOutAsync().ConfigureAwait(false);
            return true;
        }

        // Only the current user's own: another user's login id is not a thing this request may end.
        var families = state.Service.Families;
        var now = state.Service.Time.GetUtcNow();
        var family = await families.Store.FindAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
        if (family is null || family.UserId != userId || !family.IsLiveAt(now))
        {
            return false;
        }

        return await families.EndAsync(id, family.ExpiresAt, now, context.RequestAborted).ConfigureAwait(false);
    }
}
