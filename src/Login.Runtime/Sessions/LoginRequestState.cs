using Login.CompilerServices;
using Login.Cookies;
using Login.Sessions.Request;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Login.Sessions;

/// <summary>
/// Login's state for one request, in <see cref="HttpContext.Features"/>: a thin coordinator of parts with one job each,
/// held as structs so the request allocates one object for all of them. <see cref="RequestCookies"/> reads the cookies,
/// <see cref="UserResolution"/> keeps who the request is (worked out by <see cref="UserResolver"/>, at most once),
/// <see cref="ResponseCookies"/> writes the cookies as the response starts, and only when something changed;
/// <see cref="LoginLifecycle"/> logs in, out and confirms. What a guard, a hub filter or an authentication state
/// provider decides on (<see cref="GetUserAsync"/>, <see cref="IsFresh"/>, <see cref="StoreUnavailable"/>,
/// <see cref="GetLoginSnapshotAsync"/>) needs no response to write.
/// </summary>
internal sealed class LoginRequestState
{
    private static readonly Func<object, Task> WriteCookiesAtStart = static state =>
    {
        var request = (LoginRequestState)state;
        request._write.Write(request._context, request._service);
        return Task.CompletedTask;
    };

    private readonly HttpContext _context;
    private readonly LoginService _service;
    private RequestCookies _read;
    private UserResolution _user;
    private ResponseCookies _write;

    private LoginRequestState(HttpContext context, LoginService service)
    {
        _context = context;
        _service = service;
    }

    public LoginService Service => _service;

    public HttpContext Context => _context;

    public static LoginRequestState For(HttpContext context) => For(context, service: null);

    /// <param name="context">The request.</param>
    /// <param name="service">
    /// Login's services when the caller holds them already (a guard resolves them once, when the endpoint is built),
    /// which spares the request a service scope; otherwise they come from the request's services.
    /// </param>
    public static LoginRequestState For(HttpContext context, LoginService? service)
    {
        var state = context.Features.Get<LoginRequestState>();
        if (state is null)
        {
            state = new LoginRequestState(context, service ?? LoginService.For(context));
            context.Features.Set(state);
        }

        return state;
    }

    /// <summary>
    /// The live session from the request's cookie (or from this request's changes), if any, to read: it may be the one
    /// the session cookie cache shares between requests. To change it, take <see cref="SessionToChange"/>.
    /// </summary>
    public SessionState? Session => _read.SessionRead ? _write.Session : BeginSession();

    /// <summary>
    /// The live session as this request may change it: the first call copies a session the cookie cache shares (most
    /// requests change nothing, and copy nothing). A reference to <see cref="Session"/> taken before is stale after it.
    /// </summary>
    public SessionState? SessionToChange => Session is null ? null : _write.Own();

    /// <summary>The user this request was loaded with, if loading already happened.</summary>
    public IUser? LoadedUser => _user.User;

    /// <summary>
    /// Whether the session store was needed for this request's login and could not vouch for it: this instance has not
    /// heard from the store for longer than <see cref="LoginOptions.SessionStoreMaxStaleness"/>, or it failed while a
    /// remember cookie was restoring a login. The request was served as anonymous and its cookies were kept.
    /// </summary>
    public bool StoreUnavailable => _user.StoreUnavailable;

    /// <summary>Whether the loaded user is the login's (session or remember cookie, or logged in by this request).</summary>
    public bool UserFromLogin => _user.FromLogin;

    /// <summary>
    /// Whether the loaded user is the session's (read from the session or remember cookie, or logged in by this request)
    /// and that login is fresh. A user from a request or header loader never is; <c>false</c> until the user is loaded,
    /// since session protection and the session stamp decide only then.
    /// </summary>
    public bool IsFresh => _user.FromLogin && _write.Session is { Fresh: true };

    /// <summary>
    /// Whether the loaded user is the session's and a valid remember cookie for that user came with the request and is
    /// not being cleared (Flask-Login's <c>login_remembered</c>, tied to the login). <c>false</c> until the user is loaded.
    /// </summary>
    public bool IsRemembered =>
        _user.FromLogin && !_write.RememberCleared && _write.Session is { UserId: { } userId } session && _user.User is { } user
        && TryReadRemember(out var token) && token.UserId == userId && token.UserType == session.UserType
        && SessionStamps.Match(token.Stamp, user);

    /// <summary>Whether this request deletes the remember cookie (so it must not be read again).</summary>
    public bool RememberCleared => _write.RememberCleared;

    /// <summary>Whether the remember cookie was refused because its login names no user type of this app.</summary>
    public bool RememberOfUnknownType => _read.RememberOfUnknownType;

    /// <summary>Whether this request leaves the remember cookie as the browser sent it.</summary>
    public bool RememberUntouched => _write.RememberUntouched;

    public ValueTask<IUser> GetUserAsync()
    {
        if (_user.User is { } user)
        {
            return new ValueTask<IUser>(user);
        }

        if (_user.Pending is { } pending)
        {
            return new ValueTask<IUser>(pending);
        }

        var loading = UserResolver.ResolveAsync(this);
        if (loading.IsCompletedSuccessfully)
        {
            return new ValueTask<IUser>(loading.Result); // UserResolved has kept it
        }

        // Someone else may ask before this completes; share one load instead of starting a second.
        var shared = loading.AsTask();
        _user.Share(shared);
        return new ValueTask<IUser>(shared);
    }

    /// <summary>
    /// Loads the user for a synchronous caller, when that can be done without waiting: the user is loaded already, or
    /// the load completes at once (synchronous loaders). Otherwise throws, naming the asynchronous form: blocking a
    /// thread on an asynchronous loader risks starving the thread pool.
    /// </summary>
    public void LoadUserWithoutBlocking(string caller, string asyncForm)
    {
        var loading = GetUserAsync();
        if (!loading.IsCompleted)
        {
            throw new InvalidOperationException(
                $"{caller}() needs the current user, and the user loader has not finished (it is asynchronous); a synchronous call " +
                $"will not block a thread on it. Use await context.{asyncForm}() instead, or load the user first with " +
                "await context.GetCurrentUserAsync().");
        }

        loading.GetAwaiter().GetResult(); // a load that failed at once: its exception, as GetCurrentUserAsync gives it
    }

    /// <summary>
    /// Makes the user <see cref="HttpContext.User"/> for the rest of the request (a guard passed), unless another
    /// authentication already put someone there.
    /// </summary>
    public void PublishUser(IUser user)
    {
        // Through the feature: HttpContext.User's getter makes an empty principal when nobody set one. The authentication
        // middleware has usually published this user already; asking its principal for an identity would build it.
        var current = _context.Features.Get<IHttpAuthenticationFeature>()?.User;
        if (current is Authentication.LoginPrincipal published ? !ReferenceEquals(published.User, user) : current?.Identity is not { IsAuthenticated: true })
        {
            _context.User = new Authentication.LoginPrincipal(user, _service.UserTypes);
        }
    }

    public Task LogInAsync(IUser user, LoginUserType userType, string userId, bool fresh, TimeSpan? rememberFor) =>
        LoginLifecycle.LogInAsync(this, user, userType, userId, fresh, rememberFor);

    /// <inheritdoc cref="LoginLifecycle.LogOutAsync"/>
    public Task LogOutAsync() => LoginLifecycle.LogOutAsync(this);

    public Task ConfirmAsync() => LoginLifecycle.ConfirmAsync(this);

    /// <summary>The id of this request's login family, when the current user came from a login.</summary>
    public async ValueTask<Guid?> GetCurrentFamilyAsync()
    {
        await GetUserAsync().ConfigureAwait(false);
        return _user.FromLogin && Session is { UserId: not null } session ? session.SessionId : null;
    }

    /// <summary>
    /// The current login as a live connection opened by this request keeps it, once the user is loaded (session
    /// protection and the stamp have had their say); <c>null</c> when the user came from no login (anonymous, or a
    /// request or header loader).
    /// </summary>
    public async ValueTask<LoginSnapshot?> GetLoginSnapshotAsync()
    {
        var user = await GetUserAsync().ConfigureAwait(false);
        if (!_user.FromLogin || Session is not { UserId: { } userId } session)
        {
            return null;
        }

        // Kept by the browser until the later of the session's end and its remember cookie's: a request then would be
        // restored from the remember cookie, so a connection lasts as long.
        var expiresAt = session.IssuedAt + _service.Options.SessionLifetime;
        if (!_write.RememberCleared && TryReadRemember(out var token) && token.FamilyId == session.SessionId && token.ExpiresAt > expiresAt)
        {
            expiresAt = token.ExpiresAt;
        }

        return new LoginSnapshot(user, userId, session.SessionId, session.Stamp, IsFresh, expiresAt, session.IssuedAt) { UserType = session.UserType };
    }

    public void Flash(string message, string category)
    {
        EnsureSession().AddFlash(new FlashMessage(category, message));
        SessionChanged();
    }

    public IReadOnlyList<FlashMessage> TakeFlashes()
    {
        if (Session is not { HasFlashes: true } session)
        {
            return [];
        }

        var flashes = SessionToChange!.TakeFlashes();
        SessionChanged();
        return flashes;
    }

    public void SetNext(string next)
    {
        EnsureSession().Next = next;
        SessionChanged();
    }

    public string? TakeNext()
    {
        if (Session is not { Next: { } next })
        {
            return null;
        }

        SessionToChange!.Next = null;
        SessionChanged();
        return next;
    }

    /// <summary>The remember cookie's token, verified (see <see cref="RequestCookies.TryReadRemember"/>).</summary>
    public bool TryReadRemember(out RememberToken token) => _read.TryReadRemember(_context, _service, out token);

    /// <summary>The resolver's finding becomes the request's user.</summary>
    public IUser UserResolved(in ResolvedUser resolved) => _user.Resolved(resolved, _service.Options.AnonymousUser);

    public void UserLoggedIn(IUser user) => _user.LoggedIn(user);

    public void UserLoggedOut() => _user.LoggedOut(_service.Options.AnonymousUser);

    /// <summary>Makes <paramref name="session"/> the one the response writes.</summary>
    public void ReplaceSession(SessionState session, bool required = true)
    {
        _write.Replace(session);
        SessionChanged(required);
    }

    /// <summary>The session cookie is to be written again, as the response starts (see <see cref="ResponseCookies"/>).</summary>
    /// <param name="required">
    /// Whether the caller asked for the change (log in, log out, flash): then a started response is an error. Changes
    /// Login makes on its own (dropping an expired cookie, restoring from the remember cookie) are simply not sent.
    /// </param>
    public void SessionChanged(bool required = true) =>
        _write.SessionChanged(_context.Response, required, WriteCookiesAtStart, this);

    public void SetRememberCookie(RememberToken token, bool required = true) =>
        _write.SetRemember(token, _service, _context.Response, required, WriteCookiesAtStart, this);

    public void ClearRememberCookie(bool required = true) =>
        _write.ClearRemember(_context.Response, required, WriteCookiesAtStart, this);

    private SessionState? BeginSession()
    {
        _read.TryReadSession(_context, _service, out var read); // not read yet: Session asked SessionRead
        _write.StartFrom(read);
        if (read.Session is { } session)
        {
            TouchForIdleTimeout(session);
            if (session.UserId is not null)
            {
                _service.Families.Seen(session.SessionId, _service.Time.GetUtcNow());
            }
        }
        else if (read.Refused)
        {
            // Expired, revoked or unreadable: send the browser a deletion rather than read it again and again.
            SessionChanged(required: false);
        }

        return _write.Session;
    }

    private void TouchForIdleTimeout(SessionState session)
    {
        if (_service.Options.IdleTimeout is { } idle && session.UserId is not null)
        {
            var now = _service.Time.GetUtcNow();
            if (now - session.LastSeen > idle / 2)
            {
                _write.Own()!.LastSeen = now;
                SessionChanged(required: false);
            }
        }
    }

    private SessionState EnsureSession()
    {
        if (SessionToChange is { } session)
        {
            return session;
        }

        var now = _service.Time.GetUtcNow();
        var started = new SessionState { SessionId = FamilyIds.New(), IssuedAt = now, LastSeen = now };
        _write.Replace(started);
        return started;
    }
}
