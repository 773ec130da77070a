using Login.Diagnostics;

namespace Login.Sessions.Request;

/// <summary>
/// Session protection (Flask-Login's <c>session_protection</c>): a session cookie that comes from another client than
/// the one that logged in is marked non-fresh (basic) or dropped with its remember cookie (strong). Reads the session
/// and the client's identifier; asks for the cookie changes that follow; produces whether the session's login may be used.
/// </summary>
internal static class SessionProtector
{
    /// <returns><c>false</c> when the session was dropped (strong mode) and the request must be anonymous.</returns>
    public static ValueTask<bool> ProtectAsync(LoginRequestState request)
    {
        var options = request.Service.Options;
        if (options.SessionProtection == SessionProtection.None || request.Session is not { UserId: not null } session
            || session.Identifier is { } stored && ClientIdentifier.Matches(stored, request.Context))
        {
            return new ValueTask<bool>(true);
        }

        return ProtectAsync(request, request.SessionToChange!);
    }

    private static async ValueTask<bool> ProtectAsync(LoginRequestState request, SessionState session)
    {
        var service = request.Service;
        var options = service.Options;
        service.Metrics.SessionsProtected.Add(1);
        LoginLog.SessionProtected(service.Logger, session.UserId!, options.SessionProtection,
            options.SessionProtection == SessionProtection.Basic ? "marked it non-fresh" : "dropped it");
        if (options.SessionProtection == SessionProtection.Basic)
        {
            if (session.Fresh)
            {
                session.Fresh = false;
                request.SessionChanged(required: false);
            }
        }
        else
        {
            if (RequestCookies.HasRememberCookie(request.Context, options))
            {
                LoginLog.RememberCookieIgnored(service.Logger, "dropped with its session, used from another client (Strong session protection)",
                    FamilyIds.ToText(session.SessionId));
            }

            session.ClearLogin();
            request.SessionChanged(required: false);
            request.ClearRememberCookie(required: false);
        }

        if (options.Events.OnSessionProtected is { } sessionProtected)
        {
            await sessionProtected(request.Context).ConfigureAwait(false);
        }

        return options.SessionProtection == SessionProtection.Basic;
    }
}
