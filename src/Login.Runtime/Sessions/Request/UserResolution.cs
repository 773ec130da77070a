namespace Login.Sessions.Request;

/// <summary>
/// Who the request is, worked out at most once and shared by everyone who asks: the guard, <c>HttpContext.User</c>,
/// <c>GetCurrentUserAsync</c>, a hub filter, an authentication state provider. Holds the user (or the one load under
/// way) and the facts a decision reads besides it: whether the user is the login's, and whether the store could vouch
/// for it. Takes a <see cref="ResolvedUser"/> from <see cref="UserResolver"/>, or the user a login or logout made.
/// Reads no cookie and writes no response.
/// </summary>
/// <remarks>A struct held by the request's <see cref="LoginRequestState"/>.</remarks>
internal struct UserResolution
{
    private IUser? _user;
    private Task<IUser>? _pending;
    private bool _fromLogin;
    private bool _storeUnavailable;

    /// <summary>The user, once loaded; <c>null</c> before.</summary>
    public readonly IUser? User => _user;

    /// <summary>The load under way, when one went asynchronous and has not finished.</summary>
    public readonly Task<IUser>? Pending => _pending;

    /// <summary>Whether the user is the login's (session or remember cookie, or logged in by this request).</summary>
    public readonly bool FromLogin => _fromLogin;

    /// <summary>Whether the session store was needed for this request's login and could not vouch for it.</summary>
    public readonly bool StoreUnavailable => _storeUnavailable;

    /// <summary>A load went asynchronous: whoever asks before it ends waits for the same one.</summary>
    public void Share(Task<IUser> pending) => _pending = pending;

    /// <summary>The load ended with <paramref name="resolved"/>; nobody found is <paramref name="anonymous"/>.</summary>
    public IUser Resolved(in ResolvedUser resolved, IUser anonymous)
    {
        _fromLogin |= resolved.FromLogin; // as before the split: a load never takes a login back
        _storeUnavailable |= resolved.StoreUnavailable;
        _user = resolved.User ?? anonymous;
        _pending = null;
        return _user;
    }

    /// <summary>This request logged <paramref name="user"/> in: the rest of it is theirs.</summary>
    public void LoggedIn(IUser user)
    {
        _user = user;
        _fromLogin = true;
        _pending = null;
    }

    /// <summary>This request logged out: the rest of it is <paramref name="anonymous"/>.</summary>
    public void LoggedOut(IUser anonymous)
    {
        _user = anonymous;
        _fromLogin = false;
        _pending = null;
    }
}
