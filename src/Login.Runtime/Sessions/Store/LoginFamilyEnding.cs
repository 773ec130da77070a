namespace Login;

/// <summary>One ended family, as <see cref="ILoginSessionStore.GetEndedSinceAsync"/> reports it.</summary>
/// <param name="FamilyId">The ended <see cref="LoginFamily.Id"/>.</param>
/// <param name="ExpiresAt">The family's expiry: after it no cookie of the family is accepted anyway, so an instance can forget the ending.</param>
/// <param name="Sequence">The ending's place in the store's ending sequence: increasing, never reused, unrelated to clock time.</param>
public readonly record struct LoginFamilyEnding(string FamilyId, DateTimeOffset ExpiresAt, long Sequence);
