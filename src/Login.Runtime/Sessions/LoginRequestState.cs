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

    /// <summary>The session from the request's cookie (or from this request's login), if any.</summary>
    public LoginSession? Session
    {
        get
        {
            if (!_sessionRead)
            {
                _sessionRead = true;
                var cookie = _context.Request.Cookies[_service.Options.SessionCookie.Name!];
                _session = _service.SessionFormat.TryUnprotect(cookie, out var session) ? session : null;
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
        IUser? user = null;
        if (Session is { } session)
        {
            user = await _service.Loader.LoadAsync(session.UserId, _context).ConfigureAwait(false);
        }

        if (user is null)
        {
            user = await LoadFromRememberCookieAsync().ConfigureAwait(false);
        }

        _user = user ?? _service.Options.AnonymousUser;
        _pendingUser = null;
        return _user;
    }

    private async ValueTask<IUser?> LoadFromRememberCookieAsync()
    {
        var cookie = _context.Request.Cookies[_service.Options.RememberCookie.Name!];
        if (cookie is null || !_service.RememberFormat.TryUnprotect(cookie, _service.Time.GetUtcNow(), out var userId))
        {
            return null;
        }

        var user = await _service.Loader.LoadAsync(userId, _context).ConfigureAwait(false);
        if (user is not null)
        {
            // A restored login is never fresh: the user did not type their credentials in this session.
            StartSession(userId, fresh: false);
        }

        return user;
    }

    public void LogIn(IUser user, string userId, bool fresh)
    {
        StartSession(userId, fresh);
        _user = user;
        _pendingUser = null;
    }

    public void LogOut()
    {
        _sessionRead = true;
        _session = null;
        _user = _service.Options.AnonymousUser;
        _pendingUser = null;
    }

    private void StartSession(string userId, bool fresh)
    {
        Span<byte> sessionId = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(sessionId);
        var session = new LoginSession(userId, new Guid(sessionId), _service.Time.GetUtcNow(), fresh);
        _sessionRead = true;
        _session = session;
        if (!_context.Response.HasStarted)
        {
            var cookie = _service.Options.SessionCookie;
            _context.Response.Cookies.Append(cookie.Name!, _service.SessionFormat.Protect(session), cookie.Build(_context));
        }
    }
}
