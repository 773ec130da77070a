namespace Login;

/// <summary>What a <see cref="LoginEndingNotice"/> says.</summary>
public enum LoginEndingNoticeKind
{
    /// <summary>A family was ended; <see cref="LoginEndingNotice.FamilyId"/> names it.</summary>
    Ended = 0,

    /// <summary>
    /// The stream is live: every ending from now on is reported. Catch up on what ended before with
    /// <see cref="ILoginSessionStore.GetEndedSinceAsync"/>. The first notice of a stream, unless the store cannot be
    /// reached when the stream starts: then <see cref="Disconnected"/> comes first and this follows when it can.
    /// </summary>
    Connected = 1,

    /// <summary>
    /// The stream lost the store (a database restart, a network fault), or could not reach it at start: endings are
    /// not reported until <see cref="Reconnected"/> (or <see cref="Connected"/>). Reported once per outage.
    /// </summary>
    Disconnected = 2,

    /// <summary>The stream is live again after <see cref="Disconnected"/>: catch up, endings while it was down were not reported.</summary>
    Reconnected = 3,

    /// <summary>Endings were not reported (the reader fell behind, or another process ended families): catch up.</summary>
    Missed = 4,
}
