using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions;

/// <summary>
/// Login's state for one request: the session read from its cookie and the current user, each worked out
/// lazily and at most once. Lives in <see cref="HttpContext.Features"/>.
/// </summary>
internal sealed class LoginRequestState
{
    private readonly HttpContext _context;
    private readonly LoginService _service;
    private bool _sessionRead;
    private LoginSession? _session;
    private IUser? _user;
    private Task<IUser>? _pendingUser;

    private LoginRequestState(HttpContext context, LoginService service)
    {
        _context = context;
        _service = service;
    }

    public LoginService Service => _service;

    private LoginOptions Options => _service.Options;

    public static LoginRequestState For(HttpContext context)
    {
        var state = context.Features.Get<LoginRequestState>();
        if (state is null)
        {
            state = new LoginRequestState(context, LoginService.For(context));
            context.Features.Set(state);
        }

        return state;
    }

    /// <summary>The live session from the request's cookie (or from this request's login), if any.</summary>
    public LoginSession? Session
    {
        get
        {
            if (!_sessionRead)
            {
                _sessionRead = true;
                var cookie = _context.Request.Cookies[Options.SessionCookie.Name!];
                if (cookie is not null
                    && _service.SessionFormat.TryUnprotect(cookie, out var session)
                    && session.IssuedAt + Options.SessionLifetime > _service.Time.GetUtcNow()
                    && !_service.Revoked.IsRevoked(session.SessionId))
                {
                    _session = session;
                }
            }

            return _session;
        }
    }

    public ValueTask<IUser> GetUserAsync()
    {
        if (_user is not null)
        {
            return new ValueTask<IUser>(_user);
        }

        if (_pendingUser is not null)
        {
            return new ValueTask<IUser>(_pendingUser);
        }

        var loading = LoadUserAsync();
        if (loading.IsCompletedSuccessfully)
        {
            return new ValueTask<IUser>(_user = loading.Result);
        }

        // Someone else may ask before this completes; share one load instead of starting a second.
        _pendingUser = loading.AsTask();
        return new ValueTask<IUser>(_pendingUser);
    }

    private async ValueTask<IUser> LoadUserAsync()
    {
        var loaders = _service.Loaders;
        IUser? user = null;
        if (loaders.User is not null)
        {
            if (Session is { } session)
            {
                user = await loaders.User.LoadAsync(session.UserId, _context).ConfigureAwait(false);
            }

            user ??= await LoadFromRememberCookieAsync(loaders.User).ConfigureAwait(false);
        }

        // Request and header loaders identify this request alone: no session is started for them.
        for (var i = 0; user is null && i < loaders.Request.Length; i++)
        {
            user = await loaders.Request[i].LoadAsync(_context).ConfigureAwait(false);
        }

        if (user is null && loaders.Header.Length > 0 && _context.Request.Headers[Options.AuthHeaderName] is { Count: > 0 } header
            && header.ToString() is { Length: > 0 } headerValue)
        {
            for (var i = 0; user is null && i < loaders.Header.Length; i++)
            {
                user = await loaders.Header[i].LoadAsync(headerValue, _context).ConfigureAwait(false);
            }
        }

        _user = user ?? Options.AnonymousUser;
        _pendingUser = null;
        return _user;
    }

    private async ValueTask<IUser?> LoadFromRememberCookieAsync(Loading.IUserLoader loader)
    {
        if (!TryReadRememberToken(out var token))
        {
            return null;
        }

        var user = await loader.LoadAsync(token.UserId, _context).ConfigureAwait(false);
        if (user is not null)
        {
            // A restored login is never fresh: the user did not type their credentials in this session.
            StartSession(token.UserId, fresh: false);
        }

        return user;
    }

    private bool TryReadRememberToken(out RememberToken token)
    {
        var cookie = _context.Request.Cookies[Options.RememberCookie.Name!];
        token = default;
        return cookie is not null
            && _service.RememberFormat.TryUnprotect(cookie, _service.Time.GetUtcNow(), out token)
            && !_service.Revoked.IsRevoked(token.TokenId);
    }

    public void LogIn(IUser user, string userId, bool fresh, TimeSpan? rememberFor)
    {
        StartSession(userId, fresh);
        _user = user;
        _pendingUser = null;
        if (rememberFor is { } lifetime)
        {
            var now = _service.Time.GetUtcNow();
            var token = new RememberToken(userId, NewId(), now + lifetime);
            var cookieOptions = Options.RememberCookie.Build(_context, now);
            cookieOptions.Expires = token.ExpiresAt;
            cookieOptions.MaxAge = lifetime;
            _context.Response.Cookies.Append(Options.RememberCookie.Name!, _service.RememberFormat.Protect(token), cookieOptions);
        }
    }

    /// <summary>
    /// Ends the login: this request continues as anonymous, the cookies are deleted, and the session and remember
    /// cookie this request carried are revoked, so copies of them no longer work either.
    /// </summary>
    public void LogOut()
    {
        if (Session is { } session)
        {
            _service.Revoked.Revoke(session.SessionId, session.IssuedAt + Options.SessionLifetime);
        }

        if (TryReadRememberToken(out var token))
        {
            _service.Revoked.Revoke(token.TokenId, token.ExpiresAt);
        }

        _session = null;
        _user = Options.AnonymousUser;
        _pendingUser = null;
        if (!_context.Response.HasStarted)
        {
            // Deleting with the attributes the cookie was set with, or the browser keeps the original.
            _context.Response.Cookies.Delete(Options.SessionCookie.Name!, Options.SessionCookie.Build(_context));
            _context.Response.Cookies.Delete(Options.RememberCookie.Name!, Options.RememberCookie.Build(_context));
        }
    }

    private void StartSession(string userId, bool fresh)
    {
        // A new session identifier on every login: a session planted in the browser before login is worthless after it.
        var session = new LoginSession(userId, NewId(), _service.Time.GetUtcNow(), fresh);
        _sessionRead = true;
        _session = session;
        if (!_context.Response.HasStarted)
        {
            var cookie = Options.SessionCookie;
            _context.Response.Cookies.Append(cookie.Name!, _service.SessionFormat.Protect(session), cookie.Build(_context));
        }
    }

    private static Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes);
    }
}
