using Login.CompilerServices;

namespace Login.Sessions;

/// <summary>A login as one request saw it: what a live connection opened by that request keeps.</summary>
/// <param name="User">The user as loaded for the request.</param>
/// <param name="UserId">The user's id, as the cookies hold it.</param>
/// <param name="FamilyId">The login family: ending it ends the connection.</param>
/// <param name="Stamp">The hash of the user's session stamp at login, if the user has one.</param>
/// <param name="IsFresh">Whether the login was fresh for that request.</param>
/// <param name="ExpiresAt">When the last cookie of the login stops working, whatever happens meanwhile.</param>
/// <param name="IssuedAt">
/// When the session cookie the request came with was issued: a cookie as old as an ending the ended set forgot at its
/// bound is refused (<see cref="EndedFamilies.IsEnded(Guid, DateTimeOffset)"/>), and so is the connection. <c>null</c> in
/// tests that make a snapshot by hand.
/// </param>
internal sealed record LoginSnapshot(IUser User, string UserId, Guid FamilyId, byte[]? Stamp, bool IsFresh, DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt = null)
{
    /// <summary>The login's user type, whose [UserLoader] loads <see cref="UserId"/> again; <c>null</c> when not known (then the user's).</summary>
    public LoginUserType? UserType { get; init; }
}
