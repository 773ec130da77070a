using System.Collections.Concurrent;

namespace Login.Sessions;

/// <summary>
/// What this instance knows of ended logins: the ended families, each kept until no session cookie of it can be valid,
/// so a guarded request checks a copied cookie against memory and never waits for the database. Fed by
/// <see cref="LoginFamilySync"/> from the session store (its notifications, its catch-up query, a poll) and directly by
/// this instance's own logouts.
/// </summary>
/// <remarks>
/// <para>
/// Bounded in count (<see cref="LoginOptions.MaxEndedLoginsInMemory"/>), failing closed at the bound: the ending kept
/// for the shortest time is forgotten, and every session cookie issued up to that ending's end (plus the margin an
/// ending's keep-until carries) is refused from then on, as if its login had ended too (<see cref="IsEnded(Guid, DateTimeOffset)"/>).
/// So no ending is ever lost: a forgotten one is covered by that bound, which only moves forward. A remember cookie of a
/// live login then restores it through the store, which knows every ending and refuses those that ended.
/// </para>
/// <para>
/// About 70 bytes per ending: the family id's first 8 bytes and an expiry in seconds in a concurrent dictionary (lookups
/// take no lock), and the same pair in a queue by expiry, which forgets expired endings as new ones arrive, at a cost
/// that does not depend on how many are kept. Eight of the id's 16 random bytes are 64 random bits: two ids that share
/// them refuse a live login (fail closed), one chance in 2^64 per pair.
/// </para>
/// <para>
/// How current the set is, is tracked too: when the store has not answered for longer than
/// <see cref="LoginOptions.SessionStoreMaxStaleness"/>, the set may be missing endings, and guards fail closed.
/// </para>
/// </remarks>
internal sealed class EndedFamilies
{
    public const int DefaultMaxCount = 1_000_000;

    private readonly TimeProvider _time;
    private readonly long _sessionLifetimeSeconds;

    // Key: the family id's first 8 bytes. Value: until when (Unix seconds) its session cookies are refused.
    private readonly ConcurrentDictionary<long, uint> _endedUntil = new();

    // Every (key, until) the dictionary has held, soonest first; an entry whose until is no longer the dictionary's is
    // stale and skipped. Guarded by _gate, as are all writes.
    private readonly PriorityQueue<long, uint> _byExpiry = new();
    private readonly Lock _gate = new();

    // Session cookies issued at or before this (Unix seconds) are refused: they may belong to a forgotten ending.
    private long _refusedIssuedUpTo = long.MinValue;
    private long _forgotten;

    // When (Environment.TickCount64: real, monotonic time; the app's clock is for cookie expiry and may be a test's) this
    // instance last had every ending the store knew; 0 while nobody syncs (a host without hosted services, a benchmark),
    // long.MinValue when syncing started and the store never answered.
    private long _syncedAt;

    /// <param name="time">The app's clock.</param>
    /// <param name="maxCount">The most endings kept (<see cref="LoginOptions.MaxEndedLoginsInMemory"/>).</param>
    /// <param name="sessionLifetime">
    /// <see cref="LoginOptions.SessionLifetime"/>: an ending kept until <c>u</c> covers session cookies issued up to
    /// <c>u</c> minus it (see <see cref="LoginFamilies.KeepEndingUntil(DateTimeOffset)"/>).
    /// </param>
    public EndedFamilies(TimeProvider time, int maxCount = DefaultMaxCount, TimeSpan? sessionLifetime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        _time = time;
        MaxCount = maxCount;
        _sessionLifetimeSeconds = (long)Math.Ceiling((sessionLifetime ?? TimeSpan.FromDays(31)).TotalSeconds);
    }

    public int MaxCount { get; }

    public int Count => _endedUntil.Count;

    /// <summary>How many endings were forgotten at the bound since this instance started.</summary>
    public long Forgotten => Interlocked.Read(ref _forgotten);

    /// <summary>
    /// Session cookies issued up to this time are refused, as some of them may belong to a forgotten ending;
    /// <see langword="null"/> while nothing was forgotten.
    /// </summary>
    public DateTimeOffset? RefusedIssuedUpTo =>
        Volatile.Read(ref _refusedIssuedUpTo) is var upTo && upTo == long.MinValue ? null : DateTimeOffset.FromUnixTimeSeconds(upTo);

    /// <summary>What outlives a request and must end with its login: told of every ending recorded here.</summary>
    public FamilyWatchers Watchers { get; } = new();

    /// <summary>
    /// Calls <paramref name="ended"/> once when <paramref name="familyId"/> ends here, or at once when it already has
    /// (between the request that opened a connection and this watch); dispose the result to stop watching.
    /// </summary>
    public IDisposable Watch(Guid familyId, Action ended)
    {
        var watch = Watchers.Watch(familyId, ended);
        if (_endedUntil.ContainsKey(Key(familyId)))
        {
            Watchers.Ended(familyId); // Add records before it tells the watchers, so one of the two sees the other
        }

        return watch;
    }

    /// <summary>
    /// Whether the family's ending is known here (until its keep-until). For a remember cookie, which the store decides
    /// anyway; a session cookie and a live connection (which keeps its cookie's issue time) are checked with the
    /// bound too (<see cref="IsEnded(Guid, DateTimeOffset)"/>).
    /// </summary>
    // TryGetValue reads without a lock (IsEmpty would take every lock while the set is empty).
    public bool IsEnded(Guid familyId) =>
        _endedUntil.TryGetValue(Key(familyId), out var until) && until > _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Whether a session cookie of <paramref name="familyId"/> issued at <paramref name="issuedAt"/> must be refused: its
    /// ending is known here, or the cookie is as old as an ending forgotten at the bound.
    /// </summary>
    public bool IsEnded(Guid familyId, DateTimeOffset issuedAt) =>
        issuedAt.ToUnixTimeSeconds() <= Volatile.Read(ref _refusedIssuedUpTo) || IsEnded(familyId);

    /// <param name="familyId">The ended family.</param>
    /// <param name="keepUntil">Until when its session cookies could be presented (<see cref="LoginFamilies.KeepEndingUntil(DateTimeOffset)"/>).</param>
    /// <param name="exact">
    /// Whether <paramref name="keepUntil"/> comes from the ending's own time, from the store: it then replaces a cautious
    /// bound noted before (an ending heard of by notification, or this instance's own logout).
    /// </param>
    public void Add(Guid familyId, DateTimeOffset keepUntil, bool exact = false)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var until = (uint)Math.Clamp(keepUntil.ToUnixTimeSeconds(), 0, uint.MaxValue);
        if (until > now)
        {
            lock (_gate)
            {
                var key = Key(familyId);
                var known = _endedUntil.TryGetValue(key, out var existing);
                if (!known || (exact ? existing != until : until > existing))
                {
                    _endedUntil[key] = until;
                    _byExpiry.Enqueue(key, until);
                }

                ForgetExpired(now);
                if (_endedUntil.Count > MaxCount)
                {
                    ForgetSoonest();
                }

                if (_byExpiry.Count > 2 * Math.Max(_endedUntil.Count, 1024))
                {
                    RebuildQueue();
                }
            }
        }

        Watchers.Ended(familyId);
    }

    public void Add(string familyId, DateTimeOffset keepUntil, bool exact = false)
    {
        if (FamilyIds.TryParse(familyId, out var id))
        {
            Add(id, keepUntil, exact);
        }
    }

    /// <summary>Drops the endings no session cookie can be presented for any more.</summary>
    public void Sweep()
    {
        lock (_gate)
        {
            ForgetExpired(_time.GetUtcNow().ToUnixTimeSeconds());
        }
    }

    private static long Key(Guid familyId) => System.Runtime.CompilerServices.Unsafe.As<Guid, long>(ref familyId);

    private void ForgetExpired(long now)
    {
        while (_byExpiry.TryPeek(out var key, out var until) && until <= now)
        {
            _byExpiry.Dequeue();
            if (_endedUntil.TryGetValue(key, out var current) && current == until)
            {
                _endedUntil.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Forgets the ending kept for the shortest time, and refuses every session cookie it could cover instead.</summary>
    private void ForgetSoonest()
    {
        while (_byExpiry.TryDequeue(out var key, out var until))
        {
            if (_endedUntil.TryGetValue(key, out var current) && current == until)
            {
                // The bound first, then the removal: a request in between sees one or the other, never neither.
                var issuedUpTo = until - _sessionLifetimeSeconds;
                if (issuedUpTo > Volatile.Read(ref _refusedIssuedUpTo))
                {
                    Volatile.Write(ref _refusedIssuedUpTo, issuedUpTo);
                }

                _endedUntil.TryRemove(key, out _);
                Interlocked.Increment(ref _forgotten);
                return;
            }
        }
    }

    private void RebuildQueue()
    {
        _byExpiry.Clear();
        foreach (var (key, until) in _endedUntil)
        {
            _byExpiry.Enqueue(key, until);
        }
    }

    /// <summary>Syncing has started but the store has not answered yet: until it does, the set is not trusted.</summary>
    public void StartTracking() => Interlocked.CompareExchange(ref _syncedAt, long.MinValue, 0);

    /// <summary>The set holds every ending the store had at <paramref name="tick"/> (an <see cref="Environment.TickCount64"/>).</summary>
    public void MarkSynced(long tick) => Volatile.Write(ref _syncedAt, Math.Max(tick, 1));

    /// <summary>
    /// How long ago the set last held every ending the store had; <c>null</c> while nothing syncs, and while the store
    /// has not answered since syncing started.
    /// </summary>
    public TimeSpan? SyncedAgo
    {
        get
        {
            var syncedAt = Volatile.Read(ref _syncedAt);
            return syncedAt is 0 or long.MinValue ? null : TimeSpan.FromMilliseconds(Environment.TickCount64 - syncedAt);
        }
    }

    /// <summary>Whether anything keeps the set in step with the store (the app's host started Login's sync).</summary>
    public bool IsTracked => Volatile.Read(ref _syncedAt) != 0;

    /// <summary>
    /// Whether the set may be missing endings: the store has not been heard from for longer than
    /// <paramref name="maxStaleness"/>. Never while nothing syncs (no store to be behind).
    /// </summary>
    public bool IsStale(TimeSpan maxStaleness)
    {
        var syncedAt = Volatile.Read(ref _syncedAt);
        return syncedAt != 0 && (syncedAt == long.MinValue || Environment.TickCount64 - syncedAt > (long)maxStaleness.TotalMilliseconds);
    }
}
