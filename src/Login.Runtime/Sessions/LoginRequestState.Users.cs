using Login.CompilerServices;
using Login.Cookies;
using Login.Diagnostics;
using Login.Sessions.Request;

namespace Login.Sessions;

/// <summary>
/// User resolution: who the request is, worked out once. Session protection first, then the session's user (its stamp
/// checked), then the remember cookie (its token rotated in the store), then request and header loaders.
/// </summary>
internal sealed partial class LoginRequestState
{
    // Without a listener the load is not wrapped at all: no span, and no second state machine to box when it goes async.
    private ValueTask<IUser> LoadUserAsync() => LoginActivities.IsListenedTo ? LoadUserTracedAsync() : LoadUserUntracedAsync();

    private async ValueTask<IUser> LoadUserTracedAsync()
    {
        using var activity = LoginActivities.Start(LoginActivities.LoadUser);
        try
        {
            var user = await LoadUserUntracedAsync().ConfigureAwait(false);
            LoginActivities.UserLoaded(activity, _userSource, user, _storeUnavailable);
            return user;
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private async ValueTask<IUser> LoadUserUntracedAsync()
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
                else
                {
                    _userSource = LoginUserSource.Session;
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
            if (user is not null)
            {
                _userSource = LoginUserSource.RequestLoader;
            }
        }

        if (user is null && loaders.Header.Length > 0
            && _context.Request.Headers[Options.AuthHeaderName].ToString() is { Length: > 0 } header)
        {
            for (var i = 0; user is null && i < loaders.Header.Length; i++)
            {
                user = await loaders.Header[i].LoadAsync(header, _context).ConfigureAwait(false);
                if (user is not null)
                {
                    _userSource = LoginUserSource.HeaderLoader;
                }
            }
        }

        if (user is not null && Events.OnLoadedFromRequest is { } loadedFromRequest)
        {
            await loadedFromRequest(_context, user).ConfigureAwait(false);
        }

        return user;
    }

    private bool IsStoreTooStale() =>
        (Session?.UserId is not null || RequestCookies.HasRememberCookie(_context, Options))
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
        if (_write.RememberCleared || !_read.TryReadRemember(_context, _service, out var token))
        {
            return null;
        }

        var user = await loader.LoadAsync(token.UserId, _context).ConfigureAwait(false);
        if (user is null)
        {
            // The remember cookie's user is gone: so is that login.
            LoginLog.RememberCookieIgnored(_service.Logger, "its user no longer loads");
            ClearRememberCookie(required: false);
            return null;
        }

        if (!SessionStamps.Match(token.Stamp, user))
        {
            LoginLog.RememberCookieIgnored(_service.Logger, "the user's session stamp changed");
            ClearRememberCookie(required: false);
            return null;
        }

        // Each restore replaces the cookie's token, atomically in the store: a copy of the old cookie that turns up later,
        // in another browser, is a theft and ends the login everywhere.
        var now = _service.Time.GetUtcNow();
        RememberTokenRotation rotation;
        using (var rotating = LoginActivities.StartWithUser(LoginActivities.RotateRememberToken, token.UserId))
        {
            try
            {
                rotation = await _service.Families.RotateAsync(token, now, _context.RequestAborted).ConfigureAwait(false);
                LoginActivities.Rotated(rotating, rotation.Outcome);
            }
            catch (LoginStoreUnavailableException e)
            {
                LoginActivities.RotationUnavailable(rotating, e);
                _storeUnavailable = true; // not restored, not refused: the cookie is kept for when the store is back
                return null;
            }
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
        _userSource = LoginUserSource.RememberCookie;
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
        if (Options.RememberCookieRefreshEachRequest && _write.RememberUntouched && _write.Session?.UserId is { } userId
            && _read.TryReadRemember(_context, _service, out var token) && token.UserId == userId)
        {
            var expiresAt = _service.Time.GetUtcNow() + token.Lifetime;
            SetRememberCookie(token with { ExpiresAt = expiresAt }, required: false);
            _service.Families.Seen(token.FamilyId, _service.Time.GetUtcNow(), expiresAt);
        }
    }
}
