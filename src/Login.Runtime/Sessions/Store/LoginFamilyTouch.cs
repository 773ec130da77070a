namespace Login;

/// <summary>
/// One entry of a batched <see cref="ILoginSessionStore.TouchAsync"/>: the family was seen at <see cref="SeenAt"/>
/// and, when <see cref="ExpiresAt"/> is set, its cookies now live until then. Times only move forward: a touch older
/// than what the store has changes nothing.
/// </summary>
/// <param name="FamilyId">The <see cref="LoginFamily.Id"/>.</param>
/// <param name="SeenAt">The request's time.</param>
/// <param name="ExpiresAt">A later expiry (a refreshed remember cookie, a sliding session), or <see langword="null"/> to keep it.</param>
public readonly record struct LoginFamilyTouch(string FamilyId, DateTimeOffset SeenAt, DateTimeOffset? ExpiresAt = null);
