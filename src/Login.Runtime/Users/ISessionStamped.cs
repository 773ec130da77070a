namespace Login;

/// <summary>
/// A user whose sessions are tied to a stamp (see <see cref="SessionStampAttribute"/>). Generated for
/// <see cref="LoginUserAttribute">[LoginUser]</see> types with a <c>[SessionStamp]</c> member.
/// </summary>
public interface ISessionStamped
{
    /// <summary>The current stamp, as text; <c>null</c> when the user has none.</summary>
    string? GetSessionStamp();
}
