using System.Security.Cryptography;
using Login.Cookies;
using Login.Diagnostics;
using Login.Loading;
using Login.Sessions.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Login.Sessions;

/// <summary>
/// Login's state for one request: the session read from its cookie and the current user, each worked out lazily
/// and at most once, and the cookie changes to send back. Lives in <see cref="HttpContext.Features"/>. The session
/// and remember cookies are written once, as the response starts, and only when something changed.
/// </summary>
internal sealed class LoginRequestState
{
    private readonly HttpContext _context;
    private readonly LoginService _service;
    private bool _sessionRead;
    private bool _requestHadSession;
    private SessionState? _session;
    private LoginCookieChanges _cookies;
    private bool _duplicateRememberLogged;
    private bool _userFromLogin;
    private bool _storeUnavailable;
    private IUser? _user;
    private Task<IUser>? _pendingUser;

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
            && !_service.Families.IsEnded(session.SessionId);
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

    private async ValueTask<IUser> LoadUserAsync()
    {
        if (Events.OnAccessed is { } accessed)
        {
            await accessed(_context).ConfigureAwait(false);
        }

        var user = await ProtectSessionAsync().ConfigureAwait(false) ? await FindUserAsync().ConfigureAwait(false) : null;
        RefreshRememberCookie();
        _user = user ?? Options.AnonymousUser;
        _pendingUser = null;
        return _user;
    }

    private async ValueTask<IUser?> FindUserAsync()
    {
        var loaders = _service.Loaders;
        IUser? user = null;
        if (loaders.User is not null && IsStoreTooStale())
        {
            // Nothing known of logins that ended meanwhile: fail closed, but keep the cookies for when the store is back.
            _storeUnavailable = true;
        }
        else if (loaders.User is not null)
        {
            if (Session is { UserId: { } userId } session)
            {
                user = await loaders.User.LoadAsync(userId, _context).ConfigureAwait(false);
                if (user is null)
                {
                    // The user is gone (deleted, or the id no longer parses), and the login with it: its fresh flag must not
                    // pass to whoever a request or header loader finds next.
                    EndLogin(session, "its user no longer loads");
                }
                else if (!SessionStamps.Match(session.Stamp, user))
                {
                    // The user's [SessionStamp] changed (a new password, say): every older session ends here.
                    EndLogin(session, "the user's session stamp changed");
                    user = null;
                }
            }

            user ??= await LoadFromRememberCookieAsync(loaders.User).ConfigureAwait(false);
            if (user is not null)
            {
                _userFromLogin = true;
                return user;
            }
        }

        // Request and header loaders identify this request alone: no session is started for them, and what they find
        // is never a fresh nor a remembered login.
        for (var i = 0; user is null && i < loaders.Request.Length; i++)
        {
            user = await loaders.Request[i].LoadAsync(_context).ConfigureAwait(false);
        }

        if (user is null && loaders.Header.Length > 0
            && _context.Request.Headers[Options.AuthHeaderName].ToString() is { Length: > 0 } header)
        {
            for (var i = 0; user is null && i < loaders.Header.Length; i++)
            {
                user = await loaders.Header[i].LoadAsync(header, _context).ConfigureAwait(false);
            }
        }

        if (user is not null && Events.OnLoadedFromRequest is { } loadedFromRequest)
        {
            await loadedFromRequest(_context, user).ConfigureAwait(false);
        }

        return user;
    }

    private bool IsStoreTooStale() =>
        (Session?.UserId is not null || CookieHeader.Contains(_context.Request.Headers.Cookie, Options.RememberCookie.Name!))
        && _service.Families.IsStale;

    private void EndLogin(SessionState session, string reason)
    {
        LoginLog.SessionCookieIgnored(_service.Logger, reason);
        session.ClearLogin();
        Changed(required: false);
    }

    /// <summary>
    /// Session protection: <c>false</c> when the session was dropped (strong mode) and the request must be anonymous.
    /// </summary>
    private async ValueTask<bool> ProtectSessionAsync()
    {
        if (Options.SessionProtection == SessionProtection.None || Session is not { UserId: not null } session
            || session.Identifier is { } stored && ClientIdentifier.Matches(stored, _context))
        {
            return true;
        }

        _service.Metrics.SessionsProtected.Add(1);
        LoginLog.SessionProtected(_service.Logger, session.UserId, Options.SessionProtection,
            Options.SessionProtection == SessionProtection.Basic ? "marked it non-fresh" : "dropped it");
        if (Options.SessionProtection == SessionProtection.Basic)
        {
            if (session.Fresh)
            {
                session.Fresh = false;
                Changed(required: false);
            }
        }
        else
        {
            session.ClearLogin();
            Changed(required: false);
            ClearRememberCookie(required: false);
        }

        if (Events.OnSessionProtected is { } sessionProtected)
        {
            await sessionProtected(_context).ConfigureAwait(false);
        }

        return Options.SessionProtection == SessionProtection.Basic;
    }

    private async ValueTask<IUser?> LoadFromRememberCookieAsync(IUserLoader loader)
    {
        if (_cookies.RememberCleared || !TryReadRememberToken(out var token))
        {
            return null;
        }

        var user = await loader.LoadAsync(token.UserId, _context).ConfigureAwait(false);
        if (user is null)
        {
            // The remember cookie's user is gone: so is that login.
            ClearRememberCookie(required: false);
            return null;
        }

        if (!SessionStamps.Match(token.Stamp, user))
        {
            ClearRememberCookie(required: false);
            return null;
        }

        // Each restore replaces the cookie's token, atomically in the store: a copy of the old cookie that turns up later,
        // in another browser, is a theft and ends the login everywhere.
        var now = _service.Time.GetUtcNow();
        RememberTokenRotation rotation;
        try
        {
            rotation = await _service.Families.RotateAsync(token, now, _context.RequestAborted).ConfigureAwait(false);
        }
        catch (LoginStoreUnavailableException)
        {
            _storeUnavailable = true; // not restored, not refused: the cookie is kept for when the store is back
            return null;
        }

        if (rotation.Outcome is RememberTokenRotationOutcome.Theft or RememberTokenRotationOutcome.EndedOrUnknown
            || !FamilyIds.TryParse(rotation.TokenId, out var rotatedTokenId))
        {
            if (rotation.Outcome == RememberTokenRotationOutcome.Theft)
            {
                _service.Metrics.RememberTokenThefts.Add(1);
                LoginLog.RememberTokenTheft(_service.Logger, token.UserId, FamilyIds.ToText(token.FamilyId));
            }

            ClearRememberCookie(required: false);
            return null;
        }

        // A restored login is never fresh, and it gets its own client identifier, so strong protection does not throw it
        // away on the next request (Flask-Login #248). It stays in its family.
        StartSession(token.UserId, fresh: false, remember: true, token.Stamp, token.FamilyId, required: false);
        SetRememberCookie(token with { TokenId = rotatedTokenId }, required: false);
        var sessionEnds = now + Options.SessionLifetime;
        _service.Families.Seen(token.FamilyId, now, sessionEnds > token.ExpiresAt ? sessionEnds : null);
        _service.Metrics.Restored.Add(1);
        LoginLog.RestoredFromRememberCookie(_service.Logger, token.UserId);
        if (Events.OnLoadedFromCookie is { } loadedFromCookie)
        {
            await loadedFromCookie(_context, user).ConfigureAwait(false);
        }

        return user;
    }

    private void RefreshRememberCookie()
    {
        // Only a cookie the browser already has, and only for a logged-in session: never creates one (Flask-Login #424).
        if (Options.RememberCookieRefreshEachRequest && _cookies.RememberUntouched && _session?.UserId is not null
            && TryReadRememberToken(out var token) && token.UserId == _session.UserId)
        {
            var expiresAt = _service.Time.GetUtcNow() + token.Lifetime;
            SetRememberCookie(token with { ExpiresAt = expiresAt }, required: false);
            _service.Families.Seen(token.FamilyId, _service.Time.GetUtcNow(), expiresAt);
        }
    }

    private bool TryReadRememberToken(out RememberToken token)
    {
        token = default;
        var name = Options.RememberCookie.Name!;
        var lookup = CookieHeader.Find(_context.Request.Headers.Cookie, name, out var cookie);
        if (lookup == CookieLookup.Ambiguous && !_duplicateRememberLogged)
        {
            _duplicateRememberLogged = true;
            LoginLog.DuplicateCookie(_service.Logger, name);
        }

        return lookup == CookieLookup.Found
            && _service.RememberFormat.TryUnprotect(cookie.ToString(), _service.Time.GetUtcNow(), out token)
            && !_service.Families.IsEnded(token.FamilyId);
    }

    /// <summary>
    /// Makes the user <see cref="HttpContext.User"/> for the rest of the request (a guard passed), unless another
    /// authentication already put someone there.
    /// </summary>
    public void PublishUser(IUser user)
    {
        // Through the feature: HttpContext.User's getter makes an empty principal when nobody set one.
        if (_context.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity is not { IsAuthenticated: true })
        {
            _context.User = new Authentication.LoginPrincipal(user);
        }
    }

    public async Task LogInAsync(IUser user, string userId, bool fresh, TimeSpan? rememberFor)
    {
        // The login this browser had before, of this user or another, ends: a copy of its cookies taken before this
        // login must not outlive it. Then the new login gets its family record, before any cookie points to it.
        var now = _service.Time.GetUtcNow();
        await EndFamiliesOfThisBrowserAsync(now).ConfigureAwait(false);
        var familyId = FamilyIds.New();
        var rememberToken = rememberFor is { } lifetime
            ? new RememberToken(userId, familyId, NewId(), now + lifetime, lifetime, SessionStamps.Of(user))
            : (RememberToken?)null;
        await _service.Families.StartAsync(familyId, userId, rememberToken, _context, now).ConfigureAwait(false);

        var stamp = SessionStamps.Of(user);
        StartSession(userId, fresh, remember: rememberFor is not null, stamp, familyId);
        _user = user;
        _userFromLogin = true;
        _pendingUser = null;
        if (rememberToken is { } token)
        {
            SetRememberCookie(token);
        }

        _service.Metrics.Logins.Add(1);
        LoginLog.LoggedIn(_service.Logger, userId, fresh, rememberFor is not null);
        if (Events.OnLoggedIn is { } loggedIn)
        {
            await loggedIn(_context, user).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the login: this request continues as anonymous, the cookies are deleted, and the login family of the session
    /// and remember cookie this request carried ends, on every instance, so copies of them no longer work either.
    /// </summary>
    /// <exception cref="LoginStoreUnavailableException">
    /// The store could not record the ending. This instance refuses the login's cookies already and the browser's are
    /// deleted, but other instances would still take a copy: the caller should say the logout failed (503).
    /// </exception>
    public async Task LogOutAsync()
    {
        // Loading the user only to tell a listener who left; without one, logging out costs no lookup.
        var user = Events.OnLoggedOut is not null ? await GetUserAsync().ConfigureAwait(false) : null;
        // Reads both cookies before they are cleared below; the store's part completes at the end.
        var ending = EndFamiliesOfThisBrowserAsync(_service.Time.GetUtcNow());
        if (Session is { UserId: not null } session)
        {
            _service.Metrics.Logouts.Add(1);
            LoginLog.LoggedOut(_service.Logger, session.UserId);
            session.ClearLogin();
            Changed();
        }

        if (CookieHeader.Contains(_context.Request.Headers.Cookie, Options.RememberCookie.Name!))
        {
            ClearRememberCookie();
        }

        _user = Options.AnonymousUser;
        _userFromLogin = false;
        _pendingUser = null;
        await ending.ConfigureAwait(false);
        if (user is not null && Events.OnLoggedOut is { } loggedOut)
        {
            await loggedOut(_context, user).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the login families this request's cookies point to (the session's, and the remember cookie's when it names
    /// another): here at once, then in the store, which tells every other instance.
    /// </summary>
    private async Task EndFamiliesOfThisBrowserAsync(DateTimeOffset now)
    {
        // Both read before the first await: the caller clears the cookies as soon as this returns.
        Guid? sessionFamily = Session is { UserId: not null } session ? session.SessionId : null;
        RememberToken? remember = !_cookies.RememberCleared && TryReadRememberToken(out var token) && token.FamilyId != sessionFamily ? token : null;
        var ending = sessionFamily is { } first ? _service.Families.EndAsync(first, null, now, _context.RequestAborted) : Task.FromResult(false);
        var endingRemembered = remember is { } other
            ? _service.Families.EndAsync(other.FamilyId, other.ExpiresAt, now, _context.RequestAborted)
            : Task.FromResult(false);
        await ending.ConfigureAwait(false);
        await endingRemembered.ConfigureAwait(false);
    }

    /// <summary>The id of this request's login family, when the current user came from a login.</summary>
    public async ValueTask<Guid?> GetCurrentFamilyAsync()
    {
        await GetUserAsync().ConfigureAwait(false);
        return _userFromLogin && Session is { UserId: not null } session ? session.SessionId : null;
    }

    public async Task ConfirmAsync()
    {
        // The login as the user was loaded: session protection and the session stamp have had their say, so a stolen or
        // outdated cookie is not made fresh, and neither is a user from a request or header loader.
        await GetUserAsync().ConfigureAwait(false);
        if (!_userFromLogin || Session is not { UserId: not null } session)
        {
            throw new InvalidOperationException(
                "ConfirmLoginAsync needs a logged-in session (the current user came from none); log the user in with LoginUserAsync instead.");
        }

        // Fresh again, in the same login family: a copy of the stale cookie is still this login's, and ends with it.
        session.Fresh = true;
        session.Identifier = ClientIdentifier.Of(_context);
        Changed();
        if (Events.OnLoginConfirmed is { } confirmed)
        {
            await confirmed(_context).ConfigureAwait(false);
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

    private void StartSession(string userId, bool fresh, bool remember, byte[]? stamp, Guid familyId, bool required = true)
    {
        // A new login family on every login: a session planted in the browser before login is worthless after it
        // (Flask-Login #449). Flashed messages survive the login; everything else starts over.
        var now = _service.Time.GetUtcNow();
        var session = new SessionState
        {
            UserId = userId,
            SessionId = familyId,
            IssuedAt = now,
            LastSeen = now,
            Fresh = fresh,
            Remember = remember,
            Identifier = ClientIdentifier.Of(_context),
            Stamp = stamp,
        };
        if (Session is { HasFlashes: true } previous)
        {
            foreach (var flash in previous.Flashes!)
            {
                session.AddFlash(flash);
            }
        }

        _session = session;
        Changed(required);
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
