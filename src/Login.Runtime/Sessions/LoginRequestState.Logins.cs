using System.Diagnostics;
using Login.Cookies;
using Login.Diagnostics;
using Login.Sessions.Request;

namespace Login.Sessions;

/// <summary>
/// The login lifecycle: logging in (a new login family, recorded before any cookie points to it), confirming, and
/// logging out (the family ended here and in the store).
/// </summary>
internal sealed partial class LoginRequestState
{
    public async Task LogInAsync(IUser user, string userId, bool fresh, TimeSpan? rememberFor)
    {
        using var activity = LoginActivities.StartLogIn(userId, fresh, rememberFor is not null);
        try
        {
            await StartLoginAsync(user, userId, fresh, rememberFor).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private async Task StartLoginAsync(IUser user, string userId, bool fresh, TimeSpan? rememberFor)
    {
        // The login this browser had before, of this user or another, ends: a copy of its cookies taken before this
        // login must not outlive it. Then the new login gets its family record, before any cookie points to it.
        var now = _service.Time.GetUtcNow();
        await EndFamiliesOfThisBrowserAsync(now).ConfigureAwait(false);
        await _service.Families.CapLoginsAsync(userId, now, _context.RequestAborted).ConfigureAwait(false);
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
        // The rest of this request is the new user's: antiforgery tokens issued now must bind to it.
        PublishUser(user);
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
    /// The store could not record the ending. Nothing changed: the login goes on, its cookies are kept (not deleted), and
    /// the logout can be tried again. Login answers the request 503 with <c>Retry-After</c> unless the app handles it.
    /// </exception>
    public async Task LogOutAsync()
    {
        using var activity = LoginActivities.Start(LoginActivities.LogOut);
        try
        {
            await EndLoginAsync(activity).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private async Task EndLoginAsync(Activity? activity)
    {
        // Loading the user only to tell a listener who left; without one, logging out costs no lookup.
        var user = Events.OnLoggedOut is not null ? await GetUserAsync().ConfigureAwait(false) : null;
        // The store first: if it cannot record the ending, the cookies stay and the logout can be retried (a browser whose
        // cookies were deleted cannot ask again, and a copy of them would work everywhere else forever).
        await EndFamiliesOfThisBrowserAsync(_service.Time.GetUtcNow()).ConfigureAwait(false);
        if (Session is { UserId: not null } session)
        {
            _service.Metrics.Logouts.Add(1);
            LoginLog.LoggedOut(_service.Logger, session.UserId);
            LoginActivities.TagUser(activity, session.UserId);
            session.ClearLogin();
            Changed();
        }

        if (RequestCookies.HasRememberCookie(_context, Options))
        {
            ClearRememberCookie();
        }

        _user = Options.AnonymousUser;
        _userFromLogin = false;
        _pendingUser = null;
        if (_context.Features.Get<Microsoft.AspNetCore.Http.Features.Authentication.IHttpAuthenticationFeature>()?.User is Authentication.LoginPrincipal)
        {
            // The rest of this request is anonymous to everything reading HttpContext.User, as it is to Login.
            _context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        }

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
        // Not cancelled with the request: a browser that gave up waiting still asked to log out, and the store's own
        // timeouts bound the wait.
        Guid? sessionFamily = Session is { UserId: not null } session ? session.SessionId : null;
        RememberToken? remember = !_write.RememberCleared && _read.TryReadRemember(_context, _service, out var token) && token.FamilyId != sessionFamily ? token : null;
        var ending = sessionFamily is { } first ? _service.Families.EndAsync(first, null, now, CancellationToken.None) : Task.FromResult(false);
        var endingRemembered = remember is { } other
            ? _service.Families.EndAsync(other.FamilyId, other.ExpiresAt, now, CancellationToken.None)
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

    /// <summary>
    /// The current login as a live connection opened by this request keeps it, once the user is loaded (session
    /// protection and the stamp have had their say); <c>null</c> when the user came from no login (anonymous, or a
    /// request or header loader).
    /// </summary>
    public async ValueTask<LoginSnapshot?> GetLoginSnapshotAsync()
    {
        var user = await GetUserAsync().ConfigureAwait(false);
        if (!_userFromLogin || Session is not { UserId: { } userId } session)
        {
            return null;
        }

        // Kept by the browser until the later of the session's end and its remember cookie's: a request then would be
        // restored from the remember cookie, so a connection lasts as long.
        var expiresAt = session.IssuedAt + Options.SessionLifetime;
        if (!_write.RememberCleared && _read.TryReadRemember(_context, _service, out var token) && token.FamilyId == session.SessionId && token.ExpiresAt > expiresAt)
        {
            expiresAt = token.ExpiresAt;
        }

        return new LoginSnapshot(user, userId, session.SessionId, session.Stamp, IsFresh, expiresAt);
    }

    public async Task ConfirmAsync()
    {
        using var activity = LoginActivities.Start(LoginActivities.Confirm);
        try
        {
            await ConfirmLoginAsync(activity).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private async Task ConfirmLoginAsync(Activity? activity)
    {
        // The login as the user was loaded: session protection and the session stamp have had their say, so a stolen or
        // outdated cookie is not made fresh, and neither is a user from a request or header loader.
        await GetUserAsync().ConfigureAwait(false);
        if (!_userFromLogin || Session is not { UserId: not null } session)
        {
            throw new InvalidOperationException(
                "ConfirmLoginAsync needs a logged-in session (the current user came from none); log the user in with LoginUserAsync instead.");
        }

        LoginActivities.TagUser(activity, session.UserId);
        // Fresh again, in the same login family: a copy of the stale cookie is still this login's, and ends with it.
        session.Fresh = true;
        session.Identifier = ClientIdentifier.Of(_context);
        Changed();
        if (Events.OnLoginConfirmed is { } confirmed)
        {
            await confirmed(_context).ConfigureAwait(false);
        }
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

        _write.Replace(session);
        Changed(required);
    }
}
