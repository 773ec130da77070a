using Login.Cookies;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions.Request;

/// <summary>
/// Writing the cookies: what the response's <c>Set-Cookie</c> headers say of Login's two cookies. Holds the session as
/// this request leaves it (it starts from the <see cref="SessionCookieRead"/>, and a login, a logout or a flash changes
/// or replaces it) and the remember cookie's change (set to a token, or deleted). Produces the two cookies, written
/// once, as the response starts, and only when something changed.
/// </summary>
/// <remarks>A struct held by the request's <see cref="LoginRequestState"/>: a request that changes nothing pays nothing for it.</remarks>
internal struct ResponseCookies
{
    private SessionState? _session;
    private bool _requestHadSession;
    private bool _sessionChanged;
    private RememberChange _remember;
    private bool _scheduled;
    private string? _rememberValue;
    private DateTimeOffset _rememberExpiresAt;

    private enum RememberChange : byte
    {
        None,
        Set,
        Clear,
    }

    /// <summary>The session as the response will write it: what the browser sent, or what this request made of it.</summary>
    public readonly SessionState? Session => _session;

    /// <summary>Whether this request deletes the remember cookie (so it must not be read again).</summary>
    public readonly bool RememberCleared => _remember == RememberChange.Clear;

    /// <summary>Whether this request leaves the remember cookie as the browser sent it.</summary>
    public readonly bool RememberUntouched => _remember == RememberChange.None;

    /// <summary>Starts from the session cookie the browser sent (read and verified), which is the one to delete if it ends empty.</summary>
    public void StartFrom(SessionCookieRead read)
    {
        _session = read.Session;
        _requestHadSession = read.Sent;
    }

    /// <summary>Makes <paramref name="session"/> the one to write (a login, a restore, a first flash); say so with <see cref="SessionChanged"/>.</summary>
    public void Replace(SessionState session) => _session = session;

    /// <summary>The session as this request may change it: a shared one (the cookie cache's) is copied first, once.</summary>
    public SessionState? Own()
    {
        if (_session is { IsShared: true } shared)
        {
            _session = shared.Copy();
        }

        return _session;
    }

    /// <summary>The session cookie is to be written again (or deleted, when the session ends empty).</summary>
    /// <inheritdoc cref="Schedule" path="/param"/>
    public void SessionChanged(HttpResponse response, bool required, Func<object, Task> writeAtStart, object state)
    {
        _sessionChanged = true;
        Schedule(response, required, writeAtStart, state);
    }

    /// <summary>The remember cookie is to be set to <paramref name="token"/>, protected by <paramref name="service"/>'s format.</summary>
    /// <remarks>
    /// Protected now rather than kept until the response starts: its text and expiry take 24 bytes of the request's state
    /// where the token took 72, and a request sets the remember cookie at most once but for a login after a restore.
    /// </remarks>
    /// <inheritdoc cref="Schedule" path="/param"/>
    public void SetRemember(RememberToken token, LoginService service, HttpResponse response, bool required, Func<object, Task> writeAtStart, object state)
    {
        _remember = RememberChange.Set;
        _rememberValue = service.RememberFormat.Protect(token);
        _rememberExpiresAt = token.ExpiresAt;
        Schedule(response, required, writeAtStart, state);
    }

    /// <summary>The remember cookie is to be deleted.</summary>
    /// <inheritdoc cref="Schedule" path="/param"/>
    public void ClearRemember(HttpResponse response, bool required, Func<object, Task> writeAtStart, object state)
    {
        _remember = RememberChange.Clear;
        Schedule(response, required, writeAtStart, state);
    }

    /// <param name="response">The response whose start writes the cookies.</param>
    /// <param name="required">
    /// Whether the caller asked for the change (log in, log out, flash): then a started response is an error. Changes
    /// Login makes on its own (dropping an expired cookie, restoring from the remember cookie) are simply not sent.
    /// </param>
    /// <param name="writeAtStart">Called as the response starts, with <paramref name="state"/>: it calls <see cref="Write"/>.</param>
    /// <param name="state">The owner of this struct, for <paramref name="writeAtStart"/>.</param>
    private void Schedule(HttpResponse response, bool required, Func<object, Task> writeAtStart, object state)
    {
        if (_scheduled)
        {
            return;
        }

        if (response.HasStarted)
        {
            if (!required)
            {
                return;
            }

            throw new InvalidOperationException(
                "Login must change its cookies, but the response has already started. Log in, log out or flash before writing the body.");
        }

        _scheduled = true;
        response.OnStarting(writeAtStart, state);
    }

    /// <summary>Appends the changed cookies to the response (its <c>Set-Cookie</c> headers).</summary>
    /// <param name="context">The request.</param>
    /// <param name="service">Login's options and clock.</param>
    public readonly void Write(HttpContext context, LoginService service)
    {
        var response = context.Response;
        var options = service.Options;
        if (_sessionChanged)
        {
            var cookie = options.SessionCookie;
            if (_session is { IsEmpty: false } session)
            {
                response.Cookies.Append(cookie.Name!, service.SessionCookies.Write(session), cookie.Build(context));
            }
            else if (_requestHadSession)
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
            built.Expires = _rememberExpiresAt;
            built.MaxAge = _rememberExpiresAt - now;
            response.Cookies.Append(remember.Name!, _rememberValue!, built);
        }
        else if (_remember == RememberChange.Clear)
        {
            response.Cookies.Delete(remember.Name!, remember.Build(context));
        }
    }
}
