using Login.CompilerServices;

namespace Login.Sessions;

/// <summary>
/// What the session cookie holds: who is logged in and since when, whether the login is fresh or came from "remember
/// me", the session-protection identifier, and the small things that must survive a redirect (flashed messages,
/// the page to return to). Changed in place by the request that owns it; the cookie is rewritten only when it changed.
/// </summary>
/// <remarks>
/// A session from <see cref="Login.Cookies.SessionCookieCache"/> is <see cref="IsShared">shared</see> by every request
/// that brings the same cookie, and read-only: a request that changes its session takes a copy first
/// (<see cref="LoginRequestState.SessionToChange"/>), so the common request, which changes nothing, copies nothing. Every
/// write checks, so a change that forgot to take its copy throws instead of showing on another request.
/// </remarks>
internal sealed class SessionState
{
    /// <summary>The logged-in user's <see cref="IUser.GetId"/>, or <c>null</c> for an anonymous session.</summary>
    public string? UserId { get; set { Writable(); field = value; } }

    /// <summary>
    /// The logged-in user's type, whose [UserLoader] loads <see cref="UserId"/>: what the login recorded (a key-less
    /// cookie, written before Login kept types, is the app's <see cref="LoginUserTypes.Legacy"/> type). <c>null</c> for
    /// an anonymous session, and for a cookie whose login names no user type of this app (see <see cref="UnknownUserType"/>):
    /// such a login is refused.
    /// </summary>
    public LoginUserType? UserType { get; set { Writable(); field = value; } }

    /// <summary>
    /// The key a session cookie recorded when this app has no user type with that key (renamed or removed since the
    /// login); <c>null</c> otherwise. Only for the log line that says why the login was refused.
    /// </summary>
    public string? UnknownUserType { get; set { Writable(); field = value; } }

    /// <summary>Whether the session holds a login whose user type this app cannot tell: to be refused, never loaded.</summary>
    public bool HasUnknownUserType => UserId is not null && UserType is null;

    /// <summary>Random, regenerated on every login and confirmation, so a session planted before login is worthless.</summary>
    public Guid SessionId { get; set { Writable(); field = value; } }

    // The two times as UTC ticks (8 bytes each, where a DateTimeOffset takes 16): the cookie cache holds one session per
    // cookie, and a request that changes a cached one copies it; this keeps both as small as before the user type was recorded.
    private long _issuedAt;
    private long _lastSeen;

    /// <summary>When the login happened (or was restored); <see cref="LoginOptions.SessionLifetime"/> counts from here. Kept in UTC.</summary>
    public DateTimeOffset IssuedAt
    {
        get => new(_issuedAt, TimeSpan.Zero);
        set
        {
            Writable();
            _issuedAt = value.UtcTicks;
        }
    }

    /// <summary>When the session was last seen, for <see cref="LoginOptions.IdleTimeout"/>. Kept in UTC.</summary>
    public DateTimeOffset LastSeen
    {
        get => new(_lastSeen, TimeSpan.Zero);
        set
        {
            Writable();
            _lastSeen = value.UtcTicks;
        }
    }

    /// <summary>Whether the user typed their credentials in this session.</summary>
    public bool Fresh { get; set { Writable(); field = value; } }

    /// <summary>Whether the login asked to be remembered.</summary>
    public bool Remember { get; set { Writable(); field = value; } }

    /// <summary>The first <see cref="ClientIdentifier.Length"/> bytes of the SHA-512 session-protection identifier of the client that logged in.</summary>
    public byte[]? Identifier { get; set { Writable(); field = value; } }

    /// <summary>The hash of the user's <see cref="SessionStampAttribute">[SessionStamp]</see> at login, if the user has one.</summary>
    public byte[]? Stamp { get; set { Writable(); field = value; } }

    /// <summary>Where to go after login, when <see cref="LoginOptions.UseSessionForNext"/> is on.</summary>
    public string? Next { get; set { Writable(); field = value; } }

    /// <summary>Messages flashed for the next page; <c>null</c> until the first one (most sessions never have any).</summary>
    public List<FlashMessage>? Flashes { get; private set; }

    public bool HasFlashes => Flashes is { Count: > 0 };

    public bool IsEmpty => UserId is null && Next is null && !HasFlashes;

    /// <summary>Whether this is the session cookie cache's instance, shared between requests: read-only.</summary>
    public bool IsShared { get; private set; }

    public void AddFlash(FlashMessage flash)
    {
        Writable();
        (Flashes ??= []).Add(flash);
    }

    /// <summary>Takes the flashed messages out of the session.</summary>
    public FlashMessage[] TakeFlashes()
    {
        Writable();
        var flashes = Flashes is null ? [] : Flashes.ToArray();
        Flashes?.Clear();
        return flashes;
    }

    /// <summary>
    /// A copy this request may change without touching the original. The byte arrays are never changed in place, only
    /// replaced, so they can be shared.
    /// </summary>
    public SessionState Copy()
    {
        var copy = (SessionState)MemberwiseClone();
        copy.IsShared = false;
        copy.Flashes = Flashes is null ? null : [.. Flashes];
        return copy;
    }

    /// <summary>A read-only copy for <see cref="Login.Cookies.SessionCookieCache"/> to hand to every request with the cookie.</summary>
    public SessionState Share()
    {
        var shared = Copy();
        shared.IsShared = true;
        return shared;
    }

    /// <summary>Forgets the login (and what belongs to it) but keeps the application's flashed messages.</summary>
    public void ClearLogin()
    {
        UserId = null;
        UserType = null;
        UnknownUserType = null;
        Fresh = false;
        Remember = false;
        Identifier = null;
        Stamp = null;
        Next = null;
    }

    private void Writable()
    {
        if (IsShared)
        {
            throw new InvalidOperationException(
                "Login changed a session shared by every request with the same cookie; it takes a copy first (LoginRequestState.SessionToChange).");
        }
    }
}
