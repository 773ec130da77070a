using System.Runtime.CompilerServices;

namespace Login.Sessions.Store;

/// <summary>
/// The default <see cref="ILoginSessionStore"/>: this process's memory, lost at restart, unseen by other instances.
/// For tests and development; use <c>Login.Sqlite</c> or <c>Login.PostgreSql</c> in production.
/// </summary>
/// <remarks>
/// <para>
/// Bounded by <see cref="MaxFamilies"/> records (default 100,000, a few hundred bytes each). A login that finds the
/// store full first frees up to a tenth of the room: expired families go first, then ended families, the longest-ended
/// first. A live login is never ended to make room (one account logging in often enough would otherwise log everyone
/// else out): when only live ones are left, the new login is refused with <see cref="LoginStoreUnavailableException"/>
/// (503), and <see cref="LoginOptions.MaxLoginsPerUser"/> keeps any one user from filling the store.
/// </para>
/// <para>
/// An ending outlives its record: the id, expiry and sequence of every ended family (about 70 bytes, see
/// <see cref="EndingList"/>) are kept until the family expires, so <see cref="GetEndedSinceAsync"/> never forgets one
/// whose cookies could still be presented. Expired endings go as new ones are recorded, and by <see cref="PruneAsync"/>,
/// at a cost that does not depend on how many are kept.
/// </para>
/// </remarks>
internal sealed class InMemoryLoginSessionStore : ILoginSessionStore
{
    public const int DefaultMaxFamilies = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LoginFamily> _families = new(StringComparer.Ordinal);
    // By user type key and id: every family here has a type (CreateAsync refuses one without), so nothing is untyped.
    private readonly Dictionary<(string UserType, string UserId), HashSet<string>> _familiesByUser = [];
    private readonly EndingList _endings = new();
    private readonly LoginEndingHub _hub = new();
    private long _sequence;

    public InMemoryLoginSessionStore(int maxFamilies = DefaultMaxFamilies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFamilies, 10);
        MaxFamilies = maxFamilies;
    }

    /// <summary>The most login records kept at once.</summary>
    public int MaxFamilies { get; }

    /// <summary>Records held now (live and ended).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _families.Count;
            }
        }
    }

    /// <summary>Endings remembered now (until their families expire).</summary>
    public int EndingCount
    {
        get
        {
            lock (_gate)
            {
                return _endings.Count;
            }
        }
    }

    public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken)
    {
        family = LoginStoreRules.ForCreate(family);
        lock (_gate)
        {
            if (_families.ContainsKey(family.Id))
            {
                throw new InvalidOperationException($"A login family with id {family.Id} exists.");
            }

            if (_families.Count >= MaxFamilies)
            {
                MakeRoom(family.CreatedAt);
            }

            Add(family);
        }

        return Task.CompletedTask;
    }

    public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_families.GetValueOrDefault(familyId));
        }
    }

    public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        var live = new List<LoginFamily>();
        lock (_gate)
        {
            if (_familiesByUser.TryGetValue((userType, userId), out var ids))
            {
                foreach (var id in ids)
                {
                    if (_families[id].IsLiveAt(now))
                    {
                        live.Add(_families[id]);
                    }
                }
            }
        }

        live.Sort(NewestFirst);
        return Task.FromResult<IReadOnlyList<LoginFamily>>(live);
    }

    public Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = LoginStoreRules.Millis(now);
        lock (_gate)
        {
            if (!_families.TryGetValue(familyId, out var family) || !family.IsLiveAt(now))
            {
                return Task.FromResult(false);
            }

            End([family], now);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        now = LoginStoreRules.Millis(now);
        lock (_gate)
        {
            if (!_familiesByUser.TryGetValue((userType, userId), out var ids))
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            var ending = new List<LoginFamily>();
            foreach (var id in ids)
            {
                var family = _families[id];
                if (family.IsLiveAt(now) && !string.Equals(id, exceptFamilyId, StringComparison.Ordinal))
                {
                    ending.Add(family);
                }
            }

            End(ending, now);
            return Task.FromResult<IReadOnlyList<string>>(ending.ConvertAll(f => f.Id));
        }
    }

    public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken)
    {
        var merged = LoginStoreRules.Merge(touches);
        lock (_gate)
        {
            foreach (var touch in merged)
            {
                if (_families.TryGetValue(touch.FamilyId, out var family) && family.EndedAt is null)
                {
                    _families[family.Id] = family with
                    {
                        LastSeenAt = touch.SeenAt > family.LastSeenAt ? touch.SeenAt : family.LastSeenAt,
                        ExpiresAt = touch.ExpiresAt is { } expires && expires > family.ExpiresAt ? expires : family.ExpiresAt,
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
        DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckId(newTokenId, nameof(newTokenId));
        now = LoginStoreRules.Millis(now);
        lock (_gate)
        {
            var family = _families.GetValueOrDefault(familyId);
            var outcome = LoginStoreRules.Decide(family, presentedTokenId, now, grace);
            switch (outcome)
            {
                case RememberTokenRotationOutcome.Rotated:
                    family = family! with { PreviousRememberTokenId = family.RememberTokenId, RememberTokenId = newTokenId, RememberRotatedAt = now };
                    _families[family.Id] = family;
                    return Task.FromResult(new RememberTokenRotation(outcome, newTokenId, family));
                case RememberTokenRotationOutcome.ReplayWithinGrace:
                    return Task.FromResult(new RememberTokenRotation(outcome, family!.RememberTokenId, family));
                case RememberTokenRotationOutcome.Theft:
                    End([family!], now);
                    return Task.FromResult(new RememberTokenRotation(outcome, null, _families[family!.Id]));
                default:
                    return Task.FromResult(new RememberTokenRotation(outcome, null, family));
            }
        }
    }

    public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckLimit(limit);
        lock (_gate)
        {
            var page = _endings.After(cursor, limit, out var hasMore);
            return Task.FromResult(new LoginEndingsPage(page, page.Count > 0 ? page[^1].Sequence : cursor, hasMore));
        }
    }

    public async IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = _hub.Subscribe();
        try
        {
            yield return LoginEndingNotice.Of(LoginEndingNoticeKind.Connected);
            await foreach (var notice in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return notice;
            }
        }
        finally
        {
            _hub.Unsubscribe(queue);
        }
    }

    public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pruned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in _families.Values)
            {
                if (family.ExpiresAt < expiredBefore && (family.EndedAt is not { } endedAt || endedAt < endedBefore))
                {
                    pruned.Add(family.Id);
                }
            }

            foreach (var id in pruned)
            {
                Remove(id);
            }

            foreach (var familyId in _endings.RemoveWhere(expiredBefore, endedBefore))
            {
                pruned.Add(familyId);
            }

            return Task.FromResult(pruned.Count);
        }
    }

    private static int NewestFirst(LoginFamily a, LoginFamily b)
    {
        var byCreated = b.CreatedAt.CompareTo(a.CreatedAt);
        return byCreated != 0 ? byCreated : string.CompareOrdinal(b.Id, a.Id);
    }

    private void Add(LoginFamily family)
    {
        _families.Add(family.Id, family);
        if (!_familiesByUser.TryGetValue(UserOf(family), out var ids))
        {
            _familiesByUser[UserOf(family)] = ids = new HashSet<string>(StringComparer.Ordinal);
        }

        ids.Add(family.Id);
    }

    private void Remove(string familyId)
    {
        if (_families.Remove(familyId, out var family) && _familiesByUser.TryGetValue(UserOf(family), out var ids))
        {
            ids.Remove(familyId);
            if (ids.Count == 0)
            {
                _familiesByUser.Remove(UserOf(family));
            }
        }
    }

    private static (string UserType, string UserId) UserOf(LoginFamily family) => (family.UserType!, family.UserId);

    /// <summary>Ends live families under the lock: each gets the next sequence, and watchers hear of it in order.</summary>
    private void End(List<LoginFamily> families, DateTimeOffset now)
    {
        if (families.Count == 0)
        {
            return;
        }

        var endings = new List<LoginFamilyEnding>(families.Count);
        foreach (var family in families)
        {
            _families[family.Id] = family with { EndedAt = now };
            var ending = new LoginFamilyEnding(family.Id, family.ExpiresAt, ++_sequence, now);
            _endings.Add(ending);
            endings.Add(ending);
        }

        _endings.RemoveExpired(now);

        _hub.Publish(endings);
    }

    /// <summary>Frees a tenth of the room, in the order the type's remarks give.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        var target = MaxFamilies - Math.Max(1, MaxFamilies / 10);
        var expired = new List<string>();
        foreach (var family in _families.Values)
        {
            if (family.ExpiresAt <= now)
            {
                expired.Add(family.Id);
            }
        }

        foreach (var id in expired)
        {
            Remove(id);
        }

        // _endings is in ending order, so the longest-ended records come first; the endings themselves stay.
        foreach (var familyId in _endings.OldestFirst())
        {
            if (_families.Count <= target)
            {
                break;
            }

            if (_families.TryGetValue(familyId, out var family) && family.EndedAt is not null)
            {
                Remove(family.Id);
            }
        }

        if (_families.Count >= MaxFamilies)
        {
            throw new LoginStoreUnavailableException(
                $"The in-memory session store is full: it holds its maximum of {MaxFamilies:N0} live logins, and ends none of them " +
                "to make room. Keep logins in a database (AddSqliteStore, AddPostgreSqlStore), or lower LoginOptions.MaxLoginsPerUser.");
        }
    }
}
