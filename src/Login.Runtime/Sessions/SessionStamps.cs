using System.Security.Cryptography;
using System.Text;

namespace Login.Sessions;

/// <summary>
/// What the cookies keep of a user's <see cref="SessionStampAttribute">[SessionStamp]</see>: 8 bytes of its SHA-256,
/// enough to notice a change, useless to learn the value (which may be a password hash).
/// </summary>
internal static class SessionStamps
{
    public const int Length = 8;

    public static byte[]? Of(IUser user) =>
        user is ISessionStamped stamped && stamped.GetSessionStamp() is { } stamp
            ? SHA256.HashData(Encoding.UTF8.GetBytes(stamp))[..Length]
            : null;

    /// <summary>Whether the stamp kept in a cookie still matches the user as loaded now.</summary>
    public static bool Match(byte[]? kept, IUser user)
    {
        var current = Of(user);
        return kept is null ? current is null : current is not null && CryptographicOperations.FixedTimeEquals(kept, current);
    }
}
