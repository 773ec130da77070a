namespace Login;

/// <summary>
/// One live login of a user, as <c>GetLoginSessionsAsync</c> and <see cref="ILoginSessions"/> list it: a
/// server-side login record that every cookie of that login (the session cookie through every rotation, and the
/// remember cookie) points to.
/// </summary>
/// <param name="Id">The login's id: 128 random bits, URL-safe. Pass it to <c>EndLoginSessionAsync</c> or <see cref="ILoginSessions.EndAsync"/>.</param>
/// <param name="UserId">The user's <see cref="IUser.GetId"/>.</param>
/// <param name="CreatedAt">When the user logged in.</param>
/// <param name="LastSeenAt">The last request seen with this login, to about a minute (it is written in batches).</param>
/// <param name="ExpiresAt">When the login ends by itself: its session lifetime, or the remember cookie's expiry.</param>
/// <param name="Remembered">Whether the login has a remember cookie ("remember me").</param>
/// <param name="UserAgent">The browser's User-Agent at login, if it sent one.</param>
/// <param name="IpAddress">The client's address at login, if known.</param>
/// <param name="IsCurrent">Whether this is the login of the request that listed it (always <see langword="false"/> from <see cref="ILoginSessions"/>).</param>
public sealed record LoginSession(string Id, string UserId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt, bool Remembered, string? UserAgent, string? IpAddress, bool IsCurrent)
{
    /// <summary>
    /// The key of the user's type (<see cref="LoginUserAttribute.Key"/>), which <see cref="UserId"/> is an id of;
    /// <see langword="null"/> for a login recorded before Login kept user types.
    /// </summary>
    public string? UserType { get; init; }
}
