using Login.CompilerServices;
using Login.Diagnostics;

namespace Login.Sessions.Request;

/// <summary>
/// Restoring a login from the remember cookie (Flask-Login's "remember me"), when the session gave no user. Reads the
/// remember cookie's token, loads its user with its user type's loader and checks the stamp, then rotates the token in
/// the store, whose record of the login must be of the cookie's user type; a rotated token seen again is a theft and
/// ends its login. Asks for a new, non-fresh session in the same login and the rotated cookie,
/// or for the cookie's deletion; produces a <see cref="ResolvedUser"/>.
/// </summary>
internal static class RememberRestorer
{
    public static async ValueTask<ResolvedUser> RestoreAsync(LoginRequestState request)
    {
        if (request.RememberCleared || !request.TryReadRemember(out var token))
        {
            if (request.RememberOfUnknownType)
            {
                // Its login names no user type of this app (renamed or removed): it never restores anyone here.
                request.ClearRememberCookie(required: false);
            }

            return ResolvedUser.Nobody;
        }

        var context = request.Context;
        var service = request.Service;
        // The cookie's user, loaded by its own type's [UserLoader]: the id means nothing without its type.
        var userType = token.UserType!;
        var user = userType.User is { } loader ? await loader.LoadAsync(token.UserId, context).ConfigureAwait(false) : null;
        if (user is null)
        {
            // The remember cookie's user is gone: so is that login.
            LoginLog.RememberCookieIgnored(service.Logger, "its user no longer loads", FamilyIds.ToText(token.FamilyId));
            request.ClearRememberCookie(required: false);
            return ResolvedUser.Nobody;
        }

        if (!SessionStamps.Match(token.Stamp, user))
        {
            LoginLog.RememberCookieIgnored(service.Logger, "the user's session stamp changed", FamilyIds.ToText(token.FamilyId));
            request.ClearRememberCookie(required: false);
            return ResolvedUser.Nobody;
        }

        // Each restore replaces the cookie's token, atomically in the store: a copy of the old cookie that turns up later,
        // in another browser, is a theft and ends the login everywhere.
        var now = service.Time.GetUtcNow();
        RememberTokenRotation rotation;
        using (var rotating = LoginActivities.StartWithUser(LoginActivities.RotateRememberToken, token.UserId))
        {
            try
            {
                rotation = await service.Families.RotateAsync(token, now, context.RequestAborted).ConfigureAwait(false);
                LoginActivities.Rotated(rotating, rotation.Outcome);
            }
            catch (LoginStoreUnavailableException e)
            {
                LoginActivities.RotationUnavailable(rotating, e);
                return ResolvedUser.Unvouched; // not restored, not refused: the cookie is kept for when the store is back
            }
        }

        if (rotation.Outcome is RememberTokenRotationOutcome.Theft or RememberTokenRotationOutcome.EndedOrUnknown
            || !FamilyIds.TryParse(rotation.TokenId, out var rotatedTokenId))
        {
            if (rotation.Outcome == RememberTokenRotationOutcome.Theft)
            {
                service.Metrics.RememberTokenThefts.Add(1);
                LoginLog.RememberTokenTheft(service.Logger, token.UserId, FamilyIds.ToText(token.FamilyId));
                LoginLog.RememberCookieIgnored(service.Logger, "replayed: its token had already been replaced, so the login was ended", FamilyIds.ToText(token.FamilyId));
            }
            else
            {
                LoginLog.RememberCookieIgnored(service.Logger, "its login ended or is unknown to the store", FamilyIds.ToText(token.FamilyId));
            }

            request.ClearRememberCookie(required: false);
            return ResolvedUser.Nobody;
        }

        if (!IsOfType(rotation.Family, userType, service))
        {
            // The cookie is genuine (DataProtection vouches for it) but the store's record of its login names another user
            // type: someone changed the record, or the cookie is not that login's. Never restore another type's user.
            LoginLog.RememberUserTypeMismatch(service.Logger, FamilyIds.ToText(token.FamilyId), userType.Key,
                rotation.Family is null ? "nothing (the store returned no record)" : rotation.Family.UserType ?? "none (a login from before user types)");
            request.ClearRememberCookie(required: false);
            return ResolvedUser.Nobody;
        }

        // A restored login is never fresh, and it gets its own client identifier, so strong protection does not throw it
        // away on the next request (Flask-Login #248). It stays in its family.
        LoginLifecycle.StartSession(request, userType, token.UserId, fresh: false, remember: true, token.Stamp, token.FamilyId, required: false);
        request.SetRememberCookie(token with { TokenId = rotatedTokenId }, required: false);
        var sessionEnds = now + service.Options.SessionLifetime;
        service.Families.Seen(token.FamilyId, now, sessionEnds > token.ExpiresAt ? sessionEnds : null);
        service.Metrics.Restored.Add(1);
        LoginLog.RestoredFromRememberCookie(service.Logger, token.UserId);
        if (service.Options.Events.OnLoadedFromCookie is { } loadedFromCookie)
        {
            await loadedFromCookie(context, user).ConfigureAwait(false);
        }

        return new ResolvedUser(user, LoginUserSource.RememberCookie, FromLogin: true, StoreUnavailable: false);
    }

    /// <summary>
    /// Whether the store's record of the login is of <paramref name="userType"/>: its recorded key, or, for a record made
    /// before Login kept user types, the app's legacy type.
    /// </summary>
    private static bool IsOfType(LoginFamily? family, LoginUserType userType, LoginService service) =>
        family is not null
        && (family.UserType is { } key ? string.Equals(key, userType.Key, StringComparison.Ordinal) : service.UserTypes.Legacy == userType);
}
