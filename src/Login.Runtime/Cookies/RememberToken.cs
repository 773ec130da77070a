using Login.CompilerServices;

namespace Login.Cookies;

/// <summary>What the remember cookie holds.</summary>
/// <param name="UserId">The user's <see cref="IUser.GetId"/>.</param>
/// <param name="FamilyId">The login family the cookie belongs to: ending the family ends this cookie, everywhere.</param>
/// <param name="TokenId">Random, replaced each time the cookie restores a login; the family's record says which one is current.</param>
/// <param name="ExpiresAt">After this the cookie is refused, whatever its Expires said.</param>
/// <param name="Lifetime">The duration the login asked for, so refreshing the cookie keeps it.</param>
/// <param name="Stamp">The hash of the user's session stamp at login, if the user has one.</param>
internal readonly record struct RememberToken(string UserId, Guid FamilyId, Guid TokenId, DateTimeOffset ExpiresAt, TimeSpan Lifetime, byte[]? Stamp)
{
    /// <summary>
    /// The user's type, whose [UserLoader] loads <see cref="UserId"/>: what the login recorded (a key-less cookie, written
    /// before Login kept types, is <see cref="LoginUserTypes.Legacy"/>). <c>null</c> when the cookie names no user type of
    /// this app: such a cookie restores nobody.
    /// </summary>
    public LoginUserType? UserType { get; init; }

    /// <summary>The key the cookie recorded when this app has no user type with it (renamed or removed), for the log.</summary>
    public string? UnknownUserType { get; init; }
}
