using Login.Diagnostics;

namespace Login.Sessions.Request;

/// <summary>
/// Resolving the user: who the request is, from the session read from its cookie, the remember cookie and the loaders.
/// Session protection first, then the session's user (loaded by its user type's loader, its stamp checked), then the
/// remember cookie (its token rotated in the store), then the request and header loaders of every user type. Reads the cookies through the request's <see cref="RequestCookies"/>
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
        var types = service.UserTypes;
        var resolved = ResolvedUser.Nobody;
        if (types.HasUserLoader && IsStoreTooStale(request))
        {
            // Nothing known of logins that ended meanwhile: fail closed, but keep the cookies for when the store is back.
            resolved = ResolvedUser.Unvouched;
        }
        else if (types.HasUserLoader)
        {
            // The session's user, loaded by its own type's [UserLoader]: the id means nothing without its type (an Admin
            // 5 is not a Customer 5). RequestCookies refused a login whose type this app cannot tell.
            if (request.Session is { UserId: { } userId, UserType: { } userType } session)
            {
                var user = userType.User is { } loader ? await loader.LoadAsync(userId, context).ConfigureAwait(false) : null;
                if (user is null)
                {
                    // The user is gone (deleted, or the id no longer parses; or the type lost its loader), and the login with
                    // it: its fresh flag must not pass to whoever a request or header loader finds next.
                    EndLogin(request, "its user no longer loads");
                }
                else if (!SessionStamps.Match(session.Stamp, user))
                {
                    // The user's [SessionStamp] changed (a new password, say): every older session ends here.
                    EndLogin(request, "the user's session stamp changed");
                }
                else
                {
                    return new ResolvedUser(user, LoginUserSource.Session, FromLogin: true, StoreUnavailable: false);
                }
            }

            resolved = await RememberRestorer.RestoreAsync(request).ConfigureAwait(false);
            if (resolved.User is not null)
            {
                return resolved;
            }
        }

        // Request and header loaders of every user type, in registration order, identify this request alone: no session is
        // started for them, and what they find is never a fresh nor a remembered login.
        IUser? found = null;
        var source = LoginUserSource.Anonymous;
        var requestLoaders = types.RequestLoaders;
        for (var i = 0; found is null && i < requestLoaders.Length; i++)
        {
            found = await requestLoaders[i].LoadAsync(context).ConfigureAwait(false);
            source = LoginUserSource.RequestLoader;
        }

        var headerLoaders = types.HeaderLoaders;
        if (found is null && headerLoaders.Length > 0
            && context.Request.Headers[service.Options.AuthHeaderName].ToString() is { Length: > 0 } header)
        {
            for (var i = 0; found is null && i < headerLoaders.Length; i++)
            {
                found = await headerLoaders[i].LoadAsync(header, context).ConfigureAwait(false);
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

    private static void EndLogin(LoginRequestState request, string reason)
    {
        LoginLog.SessionCookieIgnored(request.Service.Logger, reason);
        request.SessionToChange!.ClearLogin();
        request.SessionChanged(required: false);
    }

    private static void RefreshRememberCookie(LoginRequestState request)
    {
        // Only a cookie the browser already has, and only for a logged-in session: never creates one (Flask-Login #424).
        // And only the session's own login's (its family): another login's remember cookie in this browser, of another
        // user, another type or another device of this user, is not kept alive by this login's requests.
        var service = request.Service;
        if (service.Options.RememberCookieRefreshEachRequest && request.RememberUntouched && request.Session is { UserId: { } userId } session
            && request.TryReadRemember(out var token) && token.FamilyId == session.SessionId
            && token.UserId == userId && token.UserType == session.UserType)
        {
            var expiresAt = service.Time.GetUtcNow() + token.Lifetime;
            request.SetRememberCookie(token with { ExpiresAt = expiresAt }, required: false);
            service.Families.Seen(token.FamilyId, service.Time.GetUtcNow(), expiresAt);
        }
    }
}
