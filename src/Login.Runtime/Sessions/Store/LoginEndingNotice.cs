namespace Login;

/// <summary>
/// One notice of <see cref="ILoginSessionStore.WatchEndingsAsync"/>: a family ended, or the stream's state changed
/// so that the reader has to catch up with <see cref="ILoginSessionStore.GetEndedSinceAsync"/>.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="FamilyId">The ended family, for <see cref="LoginEndingNoticeKind.Ended"/>; otherwise <see langword="null"/>.</param>
public readonly record struct LoginEndingNotice(LoginEndingNoticeKind Kind, string? FamilyId)
{
    /// <summary>Whether the reader must ask <see cref="ILoginSessionStore.GetEndedSinceAsync"/> for what it may have missed.</summary>
    public bool RequiresCatchUp =>
        Kind is LoginEndingNoticeKind.Connected or LoginEndingNoticeKind.Reconnected or LoginEndingNoticeKind.Missed;

    /// <summary>The ending's sequence where the store knows it in-process (0 otherwise); lets a store drop its own duplicates.</summary>
    internal long Sequence { get; init; }

    internal static LoginEndingNotice Ended(string familyId, long sequence = 0) =>
        new(LoginEndingNoticeKind.Ended, familyId) { Sequence = sequence };

    internal static LoginEndingNotice Of(LoginEndingNoticeKind kind) => new(kind, null);
}
