using System.Collections.Concurrent;

namespace Login.Sessions;

/// <summary>
/// What this instance knows of ended logins: the ended families, each kept until it would have expired anyway, so a
/// guarded request checks a copied cookie against memory and never waits for the database. Fed by
/// <see cref="LoginFamilySync"/> from the session store (its notifications, its catch-up query, a poll) and directly by
/// this instance's own logouts.
/// </summary>
/// <remarks>
/// About 40 bytes per ended family (a <see cref="Guid"/> key and an expiry in a concurrent dictionary); expired entries
/// are swept as new ones arrive. How current the set is, is tracked too: when the store has not answered for longer
/// than <see cref="LoginOptions.SessionStoreMaxStaleness"/>, the set may be missing endings, and guards fail closed.
/// </remarks>
internal sealed class EndedFamilies(TimeProvider time)
{
    // Expired endings are swept at most this often: a sweep walks the whole set, so sweeping by count made a catch-up
    // of a million endings quadratic.
    private const long SweepEverySeconds = 60;
    private readonly ConcurrentDictionary<Guid, long> _endedUntil = new();
    private long _nextSweepAt;

    // When (Environment.TickCount64: real, monotonic time; the app's clock is for cookie expiry and may be a test's) this
    // instance last had every ending the store knew; 0 while nobody syncs (a host without hosted services, a benchmark),
    // long.MinValue when syncing started and the store never answered.
    private long _syncedAt;

    public int Count => _endedUntil.Count;

    /// <summary>What outlives a request and must end with its login: told of every ending recorded here.</summary>
    public FamilyWatchers Watchers { get; } = new();

    /// <summary>
    /// Calls <paramref name="ended"/> once when <paramref name="familyId"/> ends here, or at once when it already has
    /// (between the request that opened a connection and this watch); dispose the result to stop watching.
    /// </summary>
    public IDisposable Watch(Guid familyId, Action ended)
    {
        var watch = Watchers.Watch(familyId, ended);
        if (_endedUntil.ContainsKey(familyId))
        {
            Watchers.Ended(familyId); // Add records before it tells the watchers, so one of the two sees the other
        }

        return watch;
    }

    // TryGetValue reads without a lock (IsEmpty would take every lock while the set is empty).
    public bool IsEnded(Guid familyId) =>
        _endedUntil.TryGetValue(familyId, out var until) && until > time.GetUtcNow().ToUnixTimeSeconds();

    /// <param name="familyId">The ended family.</param>
    /// <param name="expiresAt">Until when its cookies could be presented.</param>
    /// <param name="exact">
    /// Whether <paramref name="expiresAt"/> is the family's own expiry, from the store: it then replaces a cautious
    /// bound noted before (an ending heard of by notification, or this instance's own logout).
    /// </param>
    public void Add(Guid familyId, DateTimeOffset expiresAt, bool exact = false)
    {
        var until = expiresAt.ToUnixTimeSeconds();
        if (exact)
        {
            _endedUntil[familyId] = until;
        }
        else
        {
            _endedUntil.AddOrUpdate(familyId, static (_, until) => until, static (_, existing, until) => Math.Max(existing, until), until);
        }

        Watchers.Ended(familyId);
        SweepWhenDue();
    }

    public void Add(string familyId, DateTimeOffset expiresAt, bool exact = false)
    {
        if (FamilyIds.TryParse(familyId, out var id))
        {
            Add(id, expiresAt, exact);
        }
    }

    private void SweepWhenDue()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var due = Volatile.Read(ref _nextSweepAt);
        if (now >= due && Interlocked.CompareExchange(ref _nextSweepAt, now + SweepEverySeconds, due) == due)
        {
            Sweep();
        }
    }

    /// <summary>Drops the endings of families that have expired: their cookies are refused anyway.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (key, until) in _endedUntil)
        {
            if (until <= now)
            {
                _endedUntil.TryRemove(key, out _);
            }
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
