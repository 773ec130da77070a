using System.Buffers.Text;
using System.Security.Cryptography;

namespace Login;

/// <summary>
/// The server-side record of one login (a <em>login family</em>): every cookie of that login, the session cookie
/// through every rotation and the remember cookie, carries its <see cref="Id"/>, so ending the family ends them all.
/// What an <see cref="ILoginSessionStore"/> keeps; apps see it as a <see cref="LoginSession"/>.
/// </summary>
/// <remarks>
/// Stores keep times to the millisecond (they truncate), <see cref="UserAgent"/> to
/// <see cref="MaxUserAgentLength"/> characters and <see cref="IpAddress"/> to <see cref="MaxIpAddressLength"/>.
/// A family's <see cref="ExpiresAt"/> must never be earlier than the expiry of a cookie that points to it: stores prune
/// expired families, and a pruned ended family can no longer be reported as ended.
/// </remarks>
public sealed record LoginFamily
{
    /// <summary>The longest <see cref="UserAgent"/> a store keeps; longer ones are cut.</summary>
    public const int MaxUserAgentLength = 512;

    /// <summary>The longest <see cref="IpAddress"/> a store keeps; longer ones are cut.</summary>
    public const int MaxIpAddressLength = 64;

    /// <summary>The longest id (family or remember token) a store accepts.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The family's id: 128 random bits, from <see cref="NewId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The user's <see cref="IUser.GetId"/>.</summary>
    public required string UserId { get; init; }

    /// <summary>
    /// The key of the user's type (<see cref="LoginUserAttribute.Key"/>): <see cref="UserId"/> is an id of that type.
    /// <see langword="null"/> only for a login recorded before Login kept user types.
    /// </summary>
    public string? UserType { get; init; }

    /// <summary>When the user logged in.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last request seen with this login; moved forward by <see cref="ILoginSessionStore.TouchAsync"/>.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When the login ends by itself; moved forward by <see cref="ILoginSessionStore.TouchAsync"/>.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Whether the login has a remember cookie.</summary>
    public bool Remembered { get; init; }

    /// <summary>The browser's User-Agent at login.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client's address at login.</summary>
    public string? IpAddress { get; init; }

    /// <summary>When the family was ended (logout, log out everywhere, token theft); <see langword="null"/> while live.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The id in the remember cookie that is valid now; <see langword="null"/> without a remember cookie.</summary>
    public string? RememberTokenId { get; init; }

    /// <summary>The remember token id that the last rotation replaced, accepted again only within the grace window.</summary>
    public string? PreviousRememberTokenId { get; init; }

    /// <summary>When the remember token was last rotated.</summary>
    public DateTimeOffset? RememberRotatedAt { get; init; }

    /// <summary>Whether the family is live at <paramref name="now"/>: not ended and not expired.</summary>
    public bool IsLiveAt(DateTimeOffset now) => EndedAt is null && ExpiresAt > now;

    /// <summary>A new family or remember token id: 128 bits from a cryptographic random generator, base64url (22 characters).</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    internal LoginSession ToLoginSession(bool isCurrent) =>
        new(Id, UserId, CreatedAt, LastSeenAt, ExpiresAt, Remembered, UserAgent, IpAddress, isCurrent) { UserType = UserType };
}
