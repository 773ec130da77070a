using System.Diagnostics;
using System.Security.Claims;
using Login.CompilerServices;
using Login.Cookies;
using Login.Diagnostics;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Login.Sessions.Request;

/// <summary>
/// The login's lifecycle: logging in (a new login family, recorded before any cookie points to it), confirming, and
/// logging out (the family ended here and in the store). Reads the session and remember cookie the request carries;
/// records the login's start and end in the store, asks for the cookie changes (a new session, a remember cookie, their
/// deletion) and hands the request's new user to its <see cref="UserResolution"/>.
/// </summary>
internal static class LoginLifecycle
{
    public static async Task LogInAsync(LoginRequestState request, IUser user, LoginUserType userType, string userId, bool fresh, TimeSpan? rememberFor)
    {
        using var activity = LoginActivities.StartLogIn(userId, fresh, rememberFor is not null);
        try
        {
            await StartLoginAsync(request, user, userType, userId, fresh, rememberFor).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private static async Task StartLoginAsync(
        LoginRequestState request, IUser user, LoginUserType userType, string userId, bool fresh, TimeSpan? rememberFor)
    {
        // The login this browser had before, of this user or another (of this user type or another), ends: a copy of its
        // cookies taken before this login must not outlive it. Then the new login gets its family record, recording its
        // user type as every cookie of it does, before any cookie points to it.
        var context = request.Context;
        var service = request.Service;
        var now = service.Time.GetUtcNow();
        await EndFamiliesOfThisBrowserAsync(request, now).ConfigureAwait(false);
        await service.Families.CapLoginsAsync(userType.Key, userId, now, context.RequestAborted).ConfigureAwait(false);
        var familyId = FamilyIds.New();
        var rememberToken = rememberFor is { } lifetime
            ? new RememberToken(userId, familyId, FamilyIds.New(), now + lifetime, lifetime, SessionStamps.Of(user)) { UserType = userType }
            : (RememberToken?)null;
        await service.Families.StartAsync(familyId, userType.Key, userId, rememberToken, context, now).ConfigureAwait(false);

        StartSession(request, userType, userId, fresh, remember: rememberFor is not null, SessionStamps.Of(user), familyId);
        request.UserLoggedIn(user);
        // The rest of this request is the new user's: antiforgery tokens issued now must bind to it.
        request.PublishUser(user);
        if (rememberToken is { } token)
        {
            request.SetRememberCookie(token);
        }

        service.Metrics.Logins.Add(1);
        LoginLog.LoggedIn(service.Logger, userId, fresh, rememberFor is not null);
        if (service.Options.Events.OnLoggedIn is { } loggedIn)
        {
            await loggedIn(context, user).ConfigureAwait(false);
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
    public static async Task LogOutAsync(LoginRequestState request)
    {
        using var activity = LoginActivities.Start(LoginActivities.LogOut);
        try
        {
            await EndLoginAsync(request, activity).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private static async Task EndLoginAsync(LoginRequestState request, Activity? activity)
    {
        var context = request.Context;
        var service = request.Service;
        var events = service.Options.Events;
        // Loading the user only to tell a listener who left; without one, logging out costs no lookup.
        var user = events.OnLoggedOut is not null ? await request.GetUserAsync().ConfigureAwait(false) : null;
        // The store first: if it cannot record the ending, the cookies stay and the logout can be retried (a browser whose
        // cookies were deleted cannot ask again, and a copy of them would work everywhere else forever).
        await EndFamiliesOfThisBrowserAsync(request, service.Time.GetUtcNow()).ConfigureAwait(false);
        if (request.Session is { UserId: not null } session)
        {
            service.Metrics.Logouts.Add(1);
            LoginLog.LoggedOut(service.Logger, session.UserId);
            LoginActivities.TagUser(activity, session.UserId);
            request.SessionToChange!.ClearLogin();
            request.SessionChanged();
        }

        if (RequestCookies.HasRememberCookie(context, service.Options))
        {
            request.ClearRememberCookie();
        }

        request.UserLoggedOut();
        if (context.Features.Get<IHttpAuthenticationFeature>()?.User is Authentication.LoginPrincipal)
        {
            // The rest of this request is anonymous to everything reading HttpContext.User, as it is to Login.
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        if (user is not null && events.OnLoggedOut is { } loggedOut)
        {
            await loggedOut(context, user).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the login families this request's cookies point to (the session's, and the remember cookie's when it names
    /// another): here at once, then in the store, which tells every other instance.
    /// </summary>
    private static async Task EndFamiliesOfThisBrowserAsync(LoginRequestState request, DateTimeOffset now)
    {
        // Not cancelled with the request: a browser that gave up waiting still asked to log out, and the store's own
        // timeouts bound the wait.
        var families = request.Service.Families;
        Guid? sessionFamily = request.Session is { UserId: not null } session ? session.SessionId : null;
        RememberToken? remember = !request.RememberCleared && request.TryReadRemember(out var token) && token.FamilyId != sessionFamily ? token : null;
        var ending = sessionFamily is { } first ? families.EndAsync(first, null, now, CancellationToken.None) : Task.FromResult(false);
        var endingRemembered = remember is { } other
            ? families.EndAsync(other.FamilyId, other.ExpiresAt, now, CancellationToken.None)
            : Task.FromResult(false);
        await ending.ConfigureAwait(false);
        await endingRemembered.ConfigureAwait(false);
    }

    public static async Task ConfirmAsync(LoginRequestState request)
    {
        using var activity = LoginActivities.Start(LoginActivities.Confirm);
        try
        {
            await ConfirmLoginAsync(request, activity).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            LoginActivities.Failed(activity, e);
            throw;
        }
    }

    private static async Task ConfirmLoginAsync(LoginRequestState request, Activity? activity)
    {
        // The login as the user was loaded: session protection and the session stamp have had their say, so a stolen or
        // outdated cookie is not made fresh, and neither is a user from a request or header loader.
        await request.GetUserAsync().ConfigureAwait(false);
        if (!request.UserFromLogin || request.Session is not { UserId: not null } session)
        {
            throw new InvalidOperationException(
                "ConfirmLoginAsync needs a logged-in session (the current user came from none); log the user in with LoginUserAsync instead.");
        }

        LoginActivities.TagUser(activity, session.UserId);
        // Fresh again, in the same login family: a copy of the stale cookie is still this login's, and ends with it.
        var changed = request.SessionToChange!;
        changed.Fresh = true;
        changed.Identifier = ClientIdentifier.Of(request.Context);
        request.SessionChanged();
        if (request.Service.Options.Events.OnLoginConfirmed is { } confirmed)
        {
            await confirmed(request.Context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A new session for a login (made, or restored from the remember cookie) of a <paramref name="userType"/> in family
    /// <paramref name="familyId"/>, bound to this client; the flashed messages of the session it replaces go with it,
    /// nothing else (not its user type, not its freshness).
    /// </summary>
    public static void StartSession(
        LoginRequestState request, LoginUserType userType, string userId, bool fresh, bool remember, byte[]? stamp, Guid familyId,
        bool required = true)
    {
        // A new login family on every login: a session planted in the browser before login is worthless after it
        // (Flask-Login #449). Flashed messages survive the login; everything else starts over.
        var now = request.Service.Time.GetUtcNow();
        var session = new SessionState
        {
            UserId = userId,
            UserType = userType,
            SessionId = familyId,
            IssuedAt = now,
            LastSeen = now,
            Fresh = fresh,
            Remember = remember,
            Identifier = ClientIdentifier.Of(request.Context),
            Stamp = stamp,
        };
        if (request.Session is { HasFlashes: true } previous)
        {
            foreach (var flash in previous.Flashes!)
            {
                session.AddFlash(flash);
            }
        }

        request.ReplaceSession(session, required);
    }
}
