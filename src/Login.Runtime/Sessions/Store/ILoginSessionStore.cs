namespace Login;

/// <summary>
/// Where Login keeps its login families (<see cref="LoginFamily"/>): one record per login that every cookie of that
/// login points to, so that ending it ends them all, on every instance and after restarts. Implemented in memory (the
/// default: one process, lost at restart), by <c>Login.Sqlite</c> (one machine) and by <c>Login.PostgreSql</c> (many
/// instances); add another with <c>LoginBuilder.AddSessionStore</c>.
/// </summary>
/// <remarks>
/// <para>
/// Login calls the store on logins, logouts, remember-cookie restores, session listings and in batches for last-seen
/// times, never for an ordinary guarded request: each instance keeps the ended families in memory, fed by
/// <see cref="WatchEndingsAsync"/> and <see cref="GetEndedSinceAsync"/>.
/// </para>
/// <para>
/// Every member may be called concurrently. Writes that end families are atomic, and each ending gets the next
/// number of one store-wide sequence, in commit order, so a reader that has seen sequence <c>n</c> has seen every
/// ending before it. Times are the caller's (the <c>now</c> parameters), kept to the millisecond. When the
/// store's database cannot be reached, members throw <see cref="LoginStoreUnavailableException"/>.
/// </para>
/// </remarks>
public interface ILoginSessionStore
{
    /// <summary>
    /// Records a new login family. Its <see cref="LoginFamily.UserType"/> must be a user type key (see
    /// <see cref="LoginUserAttribute.Key"/>); its <see cref="LoginFamily.EndedAt"/> and previous remember token must be unset.
    /// </summary>
    /// <exception cref="ArgumentException">The family is malformed (no user type, empty or overlong ids, already ended).</exception>
    /// <exception cref="InvalidOperationException">A family with this id exists.</exception>
    Task CreateAsync(LoginFamily family, CancellationToken cancellationToken);

    /// <summary>The family with this id, live, ended or expired; <see langword="null"/> when unknown (or pruned).</summary>
    Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's families that are live at <paramref name="now"/> (not ended, not expired), newest first: those of
    /// <paramref name="userId"/> in the user type <paramref name="userType"/>, never another type's with the same id.
    /// </summary>
    /// <param name="userType">The user type's key (<see cref="LoginFamily.UserType"/>), compared exactly.</param>
    /// <param name="userId">The user's id in that type.</param>
    /// <param name="now">The time the families must be live at.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <remarks>
    /// A store told which user type logins recorded before Login kept types belong to (an app with one user type) lists
    /// its rows without a type as that type's; otherwise they are never listed.
    /// </remarks>
    Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends one family, if it is live at <paramref name="now"/>, and reports the ending to every watcher.</summary>
    /// <returns><see langword="true"/> if this call ended it.</returns>
    Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends every live family of the user except <paramref name="exceptFamilyId"/>, in one transaction: the families
    /// <see cref="ListLiveAsync"/> lists for <paramref name="userType"/> and <paramref name="userId"/>, no other type's.
    /// </summary>
    /// <param name="userType">The user type's key (<see cref="LoginFamily.UserType"/>), compared exactly.</param>
    /// <param name="userId">The user's id in that type.</param>
    /// <param name="exceptFamilyId">A family to keep (the current login for "log out my other devices"), or <see langword="null"/>.</param>
    /// <param name="now">The time of the ending.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The ids of the families this call ended.</returns>
    Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves last-seen times (and, where given, expiries) of many live families forward in one round trip. Unknown and
    /// ended families are skipped; a time earlier than the stored one changes nothing.
    /// </summary>
    Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically rotates the family's remember token when a remember cookie restores a login. The presented token is
    /// the current one: <paramref name="newTokenId"/> becomes current (<see cref="RememberTokenRotationOutcome.Rotated"/>).
    /// It is the previous one, replaced at most <paramref name="grace"/> ago: nothing changes and the current token is
    /// returned (<see cref="RememberTokenRotationOutcome.ReplayWithinGrace"/>). Any other token of a live family: the
    /// family is ended in the same transaction (<see cref="RememberTokenRotationOutcome.Theft"/>).
    /// </summary>
    /// <param name="familyId">The family the remember cookie names.</param>
    /// <param name="presentedTokenId">The token id the remember cookie carries.</param>
    /// <param name="newTokenId">A fresh id (<see cref="LoginFamily.NewId"/>) to issue if the token rotates.</param>
    /// <param name="now">The request's time.</param>
    /// <param name="grace">How long a replaced token stays acceptable, for a browser's parallel requests (Login: at most 10 s).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
        DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>
    /// The endings after <paramref name="cursor"/> in sequence order, at most <paramref name="limit"/>: how an instance
    /// learns what it missed (at start with cursor 0, after <see cref="LoginEndingNotice.RequiresCatchUp"/>, and in a
    /// periodic safety-net poll). Endings of pruned (expired) families are no longer reported.
    /// </summary>
    /// <param name="cursor">0, or the <see cref="LoginEndingsPage.Cursor"/> of the last page read.</param>
    /// <param name="limit">The page size, at least 1.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reports endings as they happen, on this instance and (for stores shared between processes) on others. The
    /// first notice is <see cref="LoginEndingNoticeKind.Connected"/> (or <see cref="LoginEndingNoticeKind.Disconnected"/>
    /// when the store cannot be reached at start); after any notice with
    /// <see cref="LoginEndingNotice.RequiresCatchUp"/> call <see cref="GetEndedSinceAsync"/>. A store that loses its
    /// database reports <see cref="LoginEndingNoticeKind.Disconnected"/>, reconnects by itself with backoff, and then
    /// reports <see cref="LoginEndingNoticeKind.Reconnected"/>. A family may be reported more than once. Runs until
    /// <paramref name="cancellationToken"/> is cancelled; each enumeration is an independent subscription.
    /// </summary>
    IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the families no cookie can be presented for any more: those that expired before
    /// <paramref name="expiredBefore"/> and either are live or ended before <paramref name="endedBefore"/>. An ended
    /// family is kept past its expiry while a cookie issued before its end could still be valid, so that every instance,
    /// also one that restarts, goes on refusing it (see <see cref="LoginFamilyEnding"/>).
    /// </summary>
    /// <returns>How many families were deleted.</returns>
    Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken);
}
