namespace Login.Sessions;

/// <summary>What the session cookie holds: who is logged in, since when, and whether the login is fresh.</summary>
/// <param name="UserId">The user's <see cref="IUser.GetId"/>.</param>
/// <param name="SessionId">Random, regenerated on every login so a session planted before login is worthless.</param>
/// <param name="IssuedAt">When this login (or its restoration from the remember cookie) happened.</param>
/// <param name="Fresh">Whether the user typed their credentials in this session.</param>
internal readonly record struct LoginSession(string UserId, Guid SessionId, DateTimeOffset IssuedAt, bool Fresh);
