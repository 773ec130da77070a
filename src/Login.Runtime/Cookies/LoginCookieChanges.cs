using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login.Cookies;

/// <summary>
/// What one request changes in Login's two cookies, written once, as the response starts: the session cookie (set
/// from the request's session, or deleted) and the remember cookie (set to a token, or deleted). A struct held in the
/// request's <see cref="LoginRequestState"/>, so a request that changes nothing pays nothing for it.
/// </summary>
internal struct LoginCookieChanges
{
    private bool _sessionChanged;
    private RememberChange _remember;
    private RememberToken _rememberToken;
    private bool _scheduled;

    private enum RememberChange : byte
    {
        None,
        Set,
        Clear,
    }

    /// <summary>Whether this request deletes the remember cookie (so it must not be read again).</summary>
    public readonly bool RememberCleared => _remember == RememberChange.Clear;

    /// <summary>Whether this request leaves the remember cookie as the browser sent it.</summary>
    public readonly bool RememberUntouched => _remember == RememberChange.None;

    /// <summary>Whether the write is already scheduled; after the first change it is.</summary>
    public readonly bool Scheduled => _scheduled;

    public void SessionChanged() => _sessionChanged = true;

    public void SetRemember(RememberToken token)
    {
        _remember = RememberChange.Set;
        _rememberToken = token;
    }

    public void ClearRemember() => _remember = RememberChange.Clear;

    public void MarkScheduled() => _scheduled = true;

    /// <param name="context">The request.</param>
    /// <param name="service">Login's formats, options and clock.</param>
    /// <param name="session">The session as the request leaves it.</param>
    /// <param name="requestHadSession">Whether the browser sent a session cookie (one to delete when the session is empty).</param>
    public readonly void Write(HttpContext context, LoginService service, SessionState? session, bool requestHadSession)
    {
        var response = context.Response;
        var options = service.Options;
        if (_sessionChanged)
        {
            var cookie = options.SessionCookie;
            if (session is { IsEmpty: false })
            {
                response.Cookies.Append(cookie.Name!, service.SessionCookies.Write(session), cookie.Build(context));
            }
            else if (requestHadSession)
            {
                // Deleting with the attributes the cookie was set with, or the browser keeps the original (Flask-Login #683).
                response.Cookies.Delete(cookie.Name!, cookie.Build(context));
            }
        }

        var remember = options.RememberCookie;
        if (_remember == RememberChange.Set)
        {
            var now = service.Time.GetUtcNow();
            var built = remember.Build(context, now);
            built.Expires = _rememberToken.ExpiresAt;
            built.MaxAge = _rememberToken.ExpiresAt - now;
            response.Cookies.Append(remember.Name!, service.RememberFormat.Protect(_rememberToken), built);
        }
        else if (_remember == RememberChange.Clear)
        {
            response.Cookies.Delete(remember.Name!, remember.Build(context));
        }
    }
}
