using Login.CompilerServices;

namespace Login.Sessions;

/// <summary>
/// What the session cookie holds: who is logged in and since when, whether the login is fresh or came from "remember
/// me", the session-protection identifier, and the small things that must survive a redirect (flashed messages,
/// the page to return to). One instance per request, changed in place; the cookie is rewritten only when it changed.
/// </summary>
internal sealed class SessionState
{
    /// <summary>The logged-in user's <see cref="IUser.GetId"/>, or <c>null</c> for an anonymous session.</summary>
    public string? UserId { get; set; }

    /// <summary>
    /// The logged-in user's type, whose [UserLoader] loads <see cref="UserId"/>: what the login recorded (a key-less
    /// cookie, written before Login kept types, is the app's <see cref="LoginUserTypes.Legacy"/> type). <c>null</c> for
    /// an anonymous session, and for a cookie whose login names no user type of this app (see <see cref="UnknownUserType"/>):
    /// such a login is refused.
    /// </summary>
    public LoginUserType? UserType { get; set; }

    /// <summary>
    /// The key a session cookie recorded when this app has no user type with that key (renamed or removed since the
    /// login); <c>null</c> otherwise. Only for the log line that says why the login was refused.
    /// </summary>
    public string? UnknownUserType { get; set; }

    /// <summary>Whether the session holds a login whose user type this app cannot tell: to be refused, never loaded.</summary>
    public bool HasUnknownUserType => UserId is not null && UserType is null;

    /// <summary>Random, regenerated on every login and confirmation, so a session planted before login is worthless.</summary>
    public Guid SessionId { get; set; }

    /// <summary>When the login happened (or was restored); <see cref="LoginOptions.SessionLifetime"/> counts from here.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>When the session was last seen, for <see cref="LoginOptions.IdleTimeout"/>.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Whether the user typed their credentials in this session.</summary>
    public bool Fresh { get; set; }

    /// <summary>Whether the login asked to be remembered.</summary>
    public bool Remember { get; set; }

    /// <summary>The first <see cref="ClientIdentifier.Length"/> bytes of the SHA-512 session-protection identifier of the client that logged in.</summary>
    public byte[]? Identifier { get; set; }

    /// <summary>The hash of the user's <see cref="SessionStampAttribute">[SessionStamp]</see> at login, if the user has one.</summary>
    public byte[]? Stamp { get; set; }

    /// <summary>Where to go after login, when <see cref="LoginOptions.UseSessionForNext"/> is on.</summary>
    public string? Next { get; set; }

    /// <summary>Messages flashed for the next page; <c>null</c> until the first one (most sessions never have any).</summary>
    public List<FlashMessage>? Flashes { get; private set; }

    public bool HasFlashes => Flashes is { Count: > 0 };

    public bool IsEmpty => UserId is null && Next is null && !HasFlashes;

    public void AddFlash(FlashMessage flash) => (Flashes ??= []).Add(flash);

    /// <summary>
    /// A copy this request may change without touching the original (which <see cref="Login.Cookies.SessionCookieCache"/> shares
    /// between requests). The byte arrays are never changed in place, only replaced, so they can be shared.
    /// </summary>
    public SessionState Copy()
    {
        var copy = (SessionState)MemberwiseClone();
        copy.Flashes = Flashes is null ? null : [.. Flashes];
        return copy;
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
}
