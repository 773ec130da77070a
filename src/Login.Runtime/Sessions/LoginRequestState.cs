using System.Security.Cryptography;
using Login.Cookies;
using Login.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Login.Sessions;

/// <summary>
/// Login's state for one request: the session read from its cookie and the current user, each worked out lazily
/// and at most once, and the cookie changes to send back. Lives in <see cref="HttpContext.Features"/>. The session
/// and remember cookies are written once, as the response starts, and only when something changed.
/// </summary>
internal sealed partial class LoginRequestState
{
    private readonly HttpContext _context;
    private readonly LoginService _service;
    private bool _sessionRead;
    private bool _requestHadSession;
    private SessionState? _session;
    private LoginCookieChanges _cookies;
    private bool _duplicateRememberLogged;
    private bool _rememberRefusalLogged;
    private bool _userFromLogin;
    private bool _storeUnavailable;
    private IUser? _user;
    private Task<IUser>? _pendingUser;
    private LoginUserSource _userSource;

    private LoginRequestState(HttpContext context, LoginService service)
    {
        _context = context;
        _service = service;
    }

    public LoginService Service => _service;

    private LoginOptions Options => _service.Options;

    private LoginEvents Events => _service.Options.Events;

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

    /// <summary>The live session from the request's cookie (or from this request's changes), if any.</summary>
    public SessionState? Session
    {
        get
        {
            if (!_sessionRead)
            {
                _sessionRead = true;
                var name = Options.SessionCookie.Name!;
                SessionState? session = null;
                var lookup = CookieHeader.Find(_context.Request.Headers.Cookie, name, out var cookie);
                if (lookup == CookieLookup.Found)
                {
                    // Remembered: no string, no decryption.
                    session = _service.SessionCookies.Find(cookie) ?? _service.SessionCookies.Read(cookie.ToString());
                    _requestHadSession = true;
                }
                else if (lookup == CookieLookup.Ambiguous)
                {
                    // No session, and nothing deleted: deleting the app's own copy would leave a planted one alone, and trusted.
                    LoginLog.DuplicateCookie(_service.Logger, name);
                }

                if (session is not null && IsLive(session))
                {
                    _session = session;
                    TouchForIdleTimeout(session);
                    if (session.UserId is not null)
                    {
                        _service.Families.Seen(session.SessionId, _service.Time.GetUtcNow());
                    }
                }
                else if (_requestHadSession)
                {
                    LoginLog.SessionCookieIgnored(_service.Logger, session is null ? "unreadable" : "expired or revoked");
                    // Expired, revoked or unreadable: send the browser a deletion rather than read it again and again.
                    Changed(required: false);
                }
            }

            return _session;
        }
    }

    /// <summary>The user this request was loaded with, if loading already happened.</summary>
    public IUser? LoadedUser => _user;

    /// <summary>
    /// Whether the session store was needed for this request's login and could not vouch for it: this instance has not
    /// heard from the store for longer than <see cref="LoginOptions.SessionStoreMaxStaleness"/>, or it failed while a
    /// remember cookie was restoring a login. The request was served as anonymous and its cookies were kept.
    /// </summary>
    public bool StoreUnavailable => _storeUnavailable;

    /// <summary>
    /// Whether the loaded user is the session's (read from the session or remember cookie, or logged in by this request)
    /// and that login is fresh. A user from a request or header loader never is; <c>false</c> until the user is loaded,
    /// since session protection and the session stamp decide only then.
    /// </summary>
    public bool IsFresh => _userFromLogin && _session is { Fresh: true };

    /// <summary>
    /// Whether the loaded user is the session's and a valid remember cookie for that user came with the request and is
    /// not being cleared (Flask-Login's <c>login_remembered</c>, tied to the login). <c>false</c> until the user is loaded.
    /// </summary>
    public bool IsRemembered =>
        _userFromLogin && !_cookies.RememberCleared && _session?.UserId is { } userId && _user is { } user
        && TryReadRememberToken(out var token) && token.UserId == userId && SessionStamps.Match(token.Stamp, user);

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

    private bool IsLive(SessionState session)
    {
        var now = _service.Time.GetUtcNow();
        if (session.UserId is null)
        {
            return true; // only flashed messages or a next: nothing to expire
        }

        return session.IssuedAt + Options.SessionLifetime > now
            && (Options.IdleTimeout is not { } idle || session.LastSeen + idle > now)
            && !_service.Families.IsEnded(session.SessionId, session.IssuedAt);
    }

    private void TouchForIdleTimeout(SessionState session)
    {
        if (Options.IdleTimeout is { } idle && session.UserId is not null)
        {
            var now = _service.Time.GetUtcNow();
            if (now - session.LastSeen > idle / 2)
            {
                session.LastSeen = now;
                Changed(required: false);
            }
        }
    }

    public ValueTask<IUser> GetUserAsync()
    {
        if (_user is not null)
        {
            return new ValueTask<IUser>(_user);
        }

        if (_pendingUser is not null)
        {
            return new ValueTask<IUser>(_pendingUser);
        }

        var loading = LoadUserAsync();
        if (loading.IsCompletedSuccessfully)
        {
            return new ValueTask<IUser>(_user = loading.Result);
        }

        // Someone else may ask before this completes; share one load instead of starting a second.
        _pendingUser = loading.AsTask();
        return new ValueTask<IUser>(_pendingUser);
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
            _context.User = new Authentication.LoginPrincipal(user);
        }
    }

    public void Flash(string message, string category)
    {
        EnsureSession().AddFlash(new FlashMessage(category, message));
        Changed();
    }

    public IReadOnlyList<FlashMessage> TakeFlashes()
    {
        if (Session is not { HasFlashes: true } session)
        {
            return [];
        }

        var flashes = session.Flashes!.ToArray();
        session.Flashes!.Clear();
        Changed();
        return flashes;
    }

    public void SetNext(string next)
    {
        EnsureSession().Next = next;
        Changed();
    }

    public string? TakeNext()
    {
        if (Session is not { Next: { } next } session)
        {
            return null;
        }

        session.Next = null;
        Changed();
        return next;
    }

    private SessionState EnsureSession()
    {
        if (Session is { } session)
        {
            return session;
        }

        var now = _service.Time.GetUtcNow();
        _session = new SessionState { SessionId = NewId(), IssuedAt = now, LastSeen = now };
        return _session;
    }

    private void SetRememberCookie(RememberToken token, bool required = true)
    {
        _cookies.SetRemember(token);
        ScheduleWrite(required);
    }

    private void ClearRememberCookie(bool required = true)
    {
        _cookies.ClearRemember();
        ScheduleWrite(required);
    }

    /// <param name="required">
    /// Whether the caller asked for the change (log in, log out, flash): then a started response is an error. Changes
    /// Login makes on its own (dropping an expired cookie, restoring from the remember cookie) are simply not sent.
    /// </param>
    private void Changed(bool required = true)
    {
        _cookies.SessionChanged();
        ScheduleWrite(required);
    }

    private void ScheduleWrite(bool required)
    {
        if (_cookies.Scheduled)
        {
            return;
        }

        if (_context.Response.HasStarted)
        {
            if (!required)
            {
                return;
            }

            throw new InvalidOperationException(
                "Login must change its cookies, but the response has already started. Log in, log out or flash before writing the body.");
        }

        _cookies.MarkScheduled();
        _context.Response.OnStarting(static state =>
        {
            var request = (LoginRequestState)state;
            request._cookies.Write(request._context, request._service, request._session, request._requestHadSession);
            return Task.CompletedTask;
        }, this);
    }

    private static Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes);
    }
}
