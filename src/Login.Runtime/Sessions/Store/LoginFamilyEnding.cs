namespace Login;

/// <summary>One ended family, as <see cref="ILoginSessionStore.GetEndedSinceAsync"/> reports it.</summary>
/// <param name="FamilyId">The ended <see cref="LoginFamily.Id"/>.</param>
/// <param name="ExpiresAt">The family's expiry as the store last recorded it.</param>
/// <param name="Sequence">The ending's place in the store's ending sequence: increasing, never reused, unrelated to clock time.</param>
/// <param name="EndedAt">When the family ended.</param>
/// <remarks>
/// A cookie of the family may outlive <paramref name="ExpiresAt"/>: a session cookie issued by a remember restore shortly
/// before the logout (the store's expiry catches up in batches), or a <see cref="LoginOptions.SessionLifetime"/> raised
/// since. So the runtime keeps an ending in memory until <paramref name="EndedAt"/> plus the session lifetime under the
/// current options (and a margin for clocks), whatever <paramref name="ExpiresAt"/> says, and a store keeps the row until
/// the longest a cookie can live under the current options has passed since the end (a remember cookie is refused by the
/// store, from the row or, once it is gone, for being unknown).
/// </remarks>
public readonly record struct LoginFamilyEnding(string FamilyId, DateTimeOffset ExpiresAt, long Sequence, DateTimeOffset EndedAt);
