using Login.Cookies;
using Login.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions.Request;

/// <summary>
/// Reading the cookies: the session and remember cookies the browser sent, parsed and verified (readable, not expired,
/// their login not ended). Reads the request's <c>Cookie</c> header and what this instance knows of ended logins; never
/// the response. Produces a <see cref="SessionCookieRead"/>, read at most once a request (the session it hands over is
/// then <see cref="ResponseCookies"/>' to keep), and the remember cookie's <see cref="RememberToken"/>, verified again at
/// each read (a login ended by this very request no longer counts). Says why a cookie was not taken once per request,
/// however often it is read.
/// </summary>
/// <remarks>A struct held by the request's <see cref="LoginRequestState"/>: reading costs the request no allocation of its own.</remarks>
internal struct RequestCookies
{
    private bool _sessionRead;
    private bool _duplicateRememberLogged;
    private bool _rememberRefusalLogged;
    private bool _rememberOfUnknownType;

    /// <summary>Whether <see cref="TryReadSession"/> has read the session cookie.</summary>
    public readonly bool SessionRead => _sessionRead;

    /// <summary>
    /// Whether the remember cookie was refused because its login names no user type of this app: it can never restore
    /// anyone here, so it is to be deleted.
    /// </summary>
    public readonly bool RememberOfUnknownType => _rememberOfUnknownType;

    /// <summary>
    /// The session cookie, the first time it is asked for; <c>false</c> afterwards, when whoever took it keeps what it
    /// became (a session is changed in place, so a second reading could only be out of date).
    /// </summary>
    public bool TryReadSession(HttpContext context, LoginService service, out SessionCookieRead read)
    {
        if (_sessionRead)
        {
            read = default;
            return false;
        }

        _sessionRead = true;
        read = ReadSessionCookie(context, service);
        return true;
    }

    /// <summary>
    /// The remember cookie's token when the browser sent exactly one, it decrypts, has not expired and its login has not
    /// ended; otherwise <c>false</c>.
    /// </summary>
    public bool TryReadRemember(HttpContext context, LoginService service, out RememberToken token)
    {
        token = default;
        var name = service.Options.RememberCookie.Name!;
        var lookup = CookieHeader.Find(context.Request.Headers.Cookie, name, out var cookie);
        if (lookup == CookieLookup.Ambiguous && !_duplicateRememberLogged)
        {
            _duplicateRememberLogged = true;
            LoginLog.DuplicateCookie(service.Logger, name);
        }

        if (lookup != CookieLookup.Found)
        {
            return false;
        }

        switch (service.RememberFormat.Read(cookie.ToString(), service.Time.GetUtcNow(), out token, out var refusedLogin))
        {
            case RememberCookieRefusal.Unreadable:
                LogRememberRefusal(service, "tampered with or unreadable (another key ring or version)", null);
                return false;
            case RememberCookieRefusal.Expired:
                LogRememberRefusal(service, "expired", FamilyIds.ToText(refusedLogin));
                return false;
        }

        if (service.Families.IsEnded(token.FamilyId))
        {
            LogRememberRefusal(service, "its login ended", FamilyIds.ToText(token.FamilyId));
            return false;
        }

        if (token.UserType is null)
        {
            _rememberOfUnknownType = true;
            if (!_rememberRefusalLogged)
            {
                _rememberRefusalLogged = true;
                var (key, reason) = WhyUnknown(token.UnknownUserType, service);
                LoginLog.RememberUserTypeUnknown(service.Logger, FamilyIds.ToText(token.FamilyId), key, reason);
            }

            return false;
        }

        return true;
    }

    /// <summary>Whether the request carries a remember cookie at all (read or not), without decrypting it.</summary>
    public static bool HasRememberCookie(HttpContext context, LoginOptions options) =>
        CookieHeader.Contains(context.Request.Headers.Cookie, options.RememberCookie.Name!);

    private static SessionCookieRead ReadSessionCookie(HttpContext context, LoginService service)
    {
        var name = service.Options.SessionCookie.Name!;
        var lookup = CookieHeader.Find(context.Request.Headers.Cookie, name, out var cookie);
        if (lookup == CookieLookup.Ambiguous)
        {
            // No session, and nothing deleted: deleting the app's own copy would leave a planted one alone, and trusted.
            LoginLog.DuplicateCookie(service.Logger, name);
            return default;
        }

        if (lookup != CookieLookup.Found)
        {
            return default;
        }

        // Remembered: no string, no decryption. Not remembered: a string only if the cache keeps it.
        var session = service.SessionCookies.Find(cookie) ?? service.SessionCookies.Read(cookie);
        if (session is { HasUnknownUserType: true })
        {
            var (key, reason) = WhyUnknown(session.UnknownUserType, service);
            LoginLog.SessionUserTypeUnknown(service.Logger, key, reason);
            return new SessionCookieRead(null, Sent: true);
        }

        if (session is not null && IsLive(session, service))
        {
            return new SessionCookieRead(session, Sent: true);
        }

        LoginLog.SessionCookieIgnored(service.Logger, session is null ? "unreadable" : "expired or revoked");
        return new SessionCookieRead(null, Sent: true);
    }

    private static bool IsLive(SessionState session, LoginService service)
    {
        if (session.UserId is null)
        {
            return true; // only flashed messages or a next: nothing to expire
        }

        var now = service.Time.GetUtcNow();
        var options = service.Options;
        return session.IssuedAt + options.SessionLifetime > now
            && (options.IdleTimeout is not { } idle || session.LastSeen + idle > now)
            && !service.Families.IsEnded(session.SessionId, session.IssuedAt);
    }

    /// <summary>What a log line says of a login whose user type this app cannot tell: the key it recorded, and why.</summary>
    private static (string Key, string Reason) WhyUnknown(string? recordedKey, LoginService service) => recordedKey is null
        ? ("(none recorded)", service.UserTypes.HasSeveral
            ? "made before Login recorded user types, and this app has several, so whose id it holds is unknown"
            : "made before Login recorded user types, and this app has no user type to take it")
        : ($"\"{recordedKey}\"", "which this app does not have (renamed or removed since the login)");

    /// <summary>
    /// Says once per request why the remember cookie was not taken (read more than once: restoring, then
    /// <c>IsLoginRemembered</c>): a user asking "why am I logged out" finds the reason as for the session cookie.
    /// </summary>
    private void LogRememberRefusal(LoginService service, string reason, string? loginId)
    {
        if (!_rememberRefusalLogged)
        {
            _rememberRefusalLogged = true;
            LoginLog.RememberCookieIgnored(service.Logger, reason, loginId ?? "unknown");
        }
    }
}
