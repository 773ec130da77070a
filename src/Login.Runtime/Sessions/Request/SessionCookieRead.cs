namespace Login.Sessions.Request;

/// <summary>The session cookie as the browser sent it, once <see cref="RequestCookies"/> has parsed and verified it.</summary>
/// <param name="Session">
/// The live session (readable, within its lifetime and idle timeout, its login not ended); <c>null</c> when the browser
/// sent none or one that was refused. Possibly the cookie cache's shared, read-only instance (see
/// <see cref="SessionState.IsShared"/>).
/// </param>
/// <param name="Sent">Whether the browser sent exactly one session cookie (live or not): one the response may have to delete.</param>
internal readonly record struct SessionCookieRead(SessionState? Session, bool Sent)
{
    /// <summary>The browser sent a session cookie that is unreadable, expired or whose login ended: it is to be deleted.</summary>
    public bool Refused => Sent && Session is null;
}
