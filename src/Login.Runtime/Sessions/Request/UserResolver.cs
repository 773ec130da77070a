using Login.Diagnostics;

namespace Login.Sessions.Request;

/// <summary>
/// Resolving the user: who the request is, from the session read from its cookie, the remember cookie and the loaders.
/// Session protection first, then the session's user (its stamp checked), then the remember cookie (its token rotated in
/// the store), then request and header loaders. Reads the cookies through the request's <see cref="RequestCookies"/>
/// and asks for the cookie changes its findings call for (a login dropped, a remember cookie deleted or rotated);
/// produces a <see cref="ResolvedUser"/>, which the request's <see cref="UserResolution"/> keeps.
/// </summary>
/// <remarks>
/// Stateless: the request's parts are structs in one object, so a guarded request allocates nothing for the split,
/// and this reaches them through that object (an asynchronous method cannot hold a reference to a struct).
/// </remarks>
internal static class UserResolver
{
    // Without a listener the load is not wrapped at all: no span, and no second state machine to box when it goes async.
    public static ValueTask<IUser> ResolveAsync(LoginRequestState request) =>
        LoginActivities.IsListenedTo ? ResolveTracedAsync(request) : ResolveUntracedAsync(request);

    private static async ValueTask<IUser> ResolveTracedAsync(LoginRequestState request)
    {
        using var activity = LoginActivities.Start(LoginActivities.LoadUser);
        try
        {
            var resolved = await FindAsync(request).ConfigureAwait(false);
            var user = request.UserResolved(resolved);
            LoginActivities.UserLoaded(activity, resolved.Source, user, request.StoreUnavailable);
            return user;
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private static async ValueTask<IUser> ResolveUntracedAsync(LoginRequestState request) =>
        request.UserResolved(await FindAsync(request).ConfigureAwait(false));

    private static async ValueTask<ResolvedUser> FindAsync(LoginRequestState request)
    {
        var events = request.Service.Options.Events;
        if (events.OnAccessed is { } accessed)
        {
            await accessed(request.Context).ConfigureAwait(false);
        }

        var resolved = await SessionProtector.ProtectAsync(request).ConfigureAwait(false)
            ? await FindUserAsync(request).ConfigureAwait(false)
            : ResolvedUser.Nobody;
        RefreshRememberCookie(request);
        return resolved;
    }

    private static async ValueTask<ResolvedUser> FindUserAsync(LoginRequestState request)
    {
        var context = request.Context;
        var service = request.Service;
        var loaders = service.Loaders;
        var resolved = ResolvedUser.Nobody;
        if (loaders.User is not null && IsStoreTooStale(request))
        {
            // Nothing known of logins that ended meanwhile: fail closed, but keep the cookies for when the store is back.
            resolved = ResolvedUser.Unvouched;
        }
        else if (loaders.User is not null)
        {
            if (request.Session is { UserId: { } userId } session)
            {
                var user = await loaders.User.LoadAsync(userId, context).ConfigureAwait(false);
                if (user is null)
                {
                    // The user is gone (deleted, or the id no longer parses), and the login with it: its fresh flag must not
                    // pass to whoever a request or header loader finds next.
                    EndLogin(request, session, "its user no longer loads");
                }
                else if (!SessionStamps.Match(session.Stamp, user))
                {
                    // The user's [SessionStamp] changed (a new password, say): every older session ends here.
                    EndLogin(request, session, "the user's session stamp changed");
                }
                else
                {
                    return new ResolvedUser(user, LoginUserSource.Session, FromLogin: true, StoreUnavailable: false);
                }
            }

            resolved = await RememberRestorer.RestoreAsync(request, loaders.User).ConfigureAwait(false);
            if (resolved.User is not null)
            {
                return resolved;
            }
        }

        // Request and header loaders identify this request alone: no session is started for them, and what they find
        // is never a fresh nor a remembered login.
        IUser? found = null;
        var source = LoginUserSource.Anonymous;
        for (var i = 0; found is null && i < loaders.Request.Length; i++)
        {
            found = await loaders.Request[i].LoadAsync(context).ConfigureAwait(false);
            source = LoginUserSource.RequestLoader;
        }

        if (found is null && loaders.Header.Length > 0
            && context.Request.Headers[service.Options.AuthHeaderName].ToString() is { Length: > 0 } header)
        {
            for (var i = 0; found is null && i < loaders.Header.Length; i++)
            {
                found = await loaders.Header[i].LoadAsync(header, context).ConfigureAwait(false);
                source = LoginUserSource.HeaderLoader;
            }
        }

        if (found is null)
        {
            return resolved;
        }

        if (service.Options.Events.OnLoadedFromRequest is { } loadedFromRequest)
        {
            await loadedFromRequest(context, found).ConfigureAwait(false);
        }

        return resolved with { User = found, Source = source };
    }

    private static bool IsStoreTooStale(LoginRequestState request) =>
        (request.Session?.UserId is not null || RequestCookies.HasRememberCookie(request.Context, request.Service.Options))
        && request.Service.Families.IsStale;

    private static void EndLogin(LoginRequestState request, SessionState session, string reason)
    {
        LoginLog.SessionCookieIgnored(request.Service.Logger, reason);
        session.ClearLogin();
        request.SessionChanged(required: false);
    }

    private static void RefreshRememberCookie(LoginRequestState request)
    {
        // Only a cookie the browser already has, and only for a logged-in session: never creates one (Flask-Login #424).
        var service = request.Service;
        if (service.Options.RememberCookieRefreshEachRequest && request.RememberUntouched && request.Session?.UserId is { } userId
            && request.TryReadRemember(out var token) && token.UserId == userId)
        {
            var expiresAt = service.Time.GetUtcNow() + token.Lifetime;
            request.SetRememberCookie(token with { ExpiresAt = expiresAt }, required: false);
            service.Families.Seen(token.FamilyId, service.Time.GetUtcNow(), expiresAt);
        }
    }
}
