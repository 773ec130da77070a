namespace Login;

/// <summary>What a <see cref="LoginEndingNotice"/> says.</summary>
public enum LoginEndingNoticeKind
{
    /// <summary>A family was ended; <see cref="LoginEndingNotice.FamilyId"/> names it.</summary>
    Ended = 0,

    /// <summary>
    /// The stream is live (always the first notice): every ending from now on is reported. Catch up on what ended
    /// before with <see cref="ILoginSessionStore.GetEndedSinceAsync"/>.
    /// </summary>
    Connected = 1,

    /// <summary>The stream lost the store (a database restart, a network fault): endings are not reported until <see cref="Reconnected"/>.</summary>
    Disconnected = 2,

    /// <summary>The stream is live again after <see cref="Disconnected"/>: catch up, endings while it was down were not reported.</summary>
    Reconnected = 3,

    /// <summary>Endings were not reported (the reader fell behind, or another process ended families): catch up.</summary>
    Missed = 4,
}
