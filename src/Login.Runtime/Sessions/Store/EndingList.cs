namespace Login.Sessions.Store;

/// <summary>
/// The in-memory store's endings, in sequence order for <see cref="ILoginSessionStore.GetEndedSinceAsync"/>, each
/// dropped once its family has expired. Expired endings are found through a queue by expiry and marked in place, and
/// the list is compacted once half of it is marked: each ending costs a bounded amount of work however many are kept
/// (the list used to be rescanned whole every 1,024 endings).
/// </summary>
/// <remarks>
/// About 70 bytes an ending at a million (measured: benchmarks.md): a Login family id is kept as its 16 bytes rather than its 22-character text (48 bytes a
/// slot, 16 in the queue, arrays grown by doubling). Not thread-safe: the store calls it under its lock.
/// </remarks>
internal sealed class EndingList
{
    private const long Dropped = long.MinValue;
    private const int CompactAtLeast = 1024;

    private Slot[] _slots = new Slot[16];
    private int _length;
    private int _dropped;

    // (sequence, expiry in Unix ms) of every ending added; one whose slot is gone or dropped is skipped.
    private readonly PriorityQueue<long, long> _byExpiry = new();

    /// <summary>The endings kept.</summary>
    public int Count => _length - _dropped;

    /// <summary>Appends an ending; its sequence must be higher than any before it.</summary>
    public void Add(LoginFamilyEnding ending)
    {
        if (_length == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _slots[_length++] = Slot.Of(ending);
        _byExpiry.Enqueue(ending.Sequence, ending.ExpiresAt.ToUnixTimeMilliseconds());
    }

    /// <summary>Drops the endings whose family expired before <paramref name="now"/>.</summary>
    public void RemoveExpired(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        while (_byExpiry.TryPeek(out var sequence, out var expiresMs) && expiresMs < nowMs)
        {
            _byExpiry.Dequeue();
            var index = IndexOf(sequence);
            if (index >= 0 && _slots[index].ExpiresMs != Dropped)
            {
                Drop(index);
            }
        }

        CompactWhenHalfDropped();
    }

    /// <summary>Drops the endings of families that expired before <paramref name="expiredBefore"/> and ended before <paramref name="endedBefore"/>.</summary>
    /// <returns>Their family ids.</returns>
    public List<string> RemoveWhere(DateTimeOffset expiredBefore, DateTimeOffset endedBefore)
    {
        var (expiredMs, endedMs) = (expiredBefore.ToUnixTimeMilliseconds(), endedBefore.ToUnixTimeMilliseconds());
        var removed = new List<string>();
        for (var i = 0; i < _length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.ExpiresMs != Dropped && slot.ExpiresMs < expiredMs && slot.EndedMs < endedMs)
            {
                removed.Add(slot.FamilyId);
                Drop(i);
            }
        }

        CompactWhenHalfDropped();
        return removed;
    }

    /// <summary>At most <paramref name="limit"/> endings after <paramref name="cursor"/>, in sequence order.</summary>
    public List<LoginFamilyEnding> After(long cursor, int limit, out bool hasMore)
    {
        var page = new List<LoginFamilyEnding>(Math.Min(limit, Count));
        hasMore = false;
        for (var i = FirstAfter(cursor); i < _length; i++)
        {
            if (_slots[i].ExpiresMs == Dropped)
            {
                continue;
            }

            if (page.Count == limit)
            {
                hasMore = true;
                break;
            }

            page.Add(_slots[i].ToEnding());
        }

        return page;
    }

    /// <summary>The ended families' ids, longest ended first.</summary>
    public IEnumerable<string> OldestFirst()
    {
        for (var i = 0; i < _length; i++)
        {
            if (_slots[i].ExpiresMs != Dropped)
            {
                yield return _slots[i].FamilyId;
            }
        }
    }

    private void Drop(int index)
    {
        _slots[index] = _slots[index] with { ExpiresMs = Dropped, OtherId = null };
        _dropped++;
    }

    /// <summary>Removes the dropped slots once they are half the list: amortized, a bounded cost per ending.</summary>
    private void CompactWhenHalfDropped()
    {
        if (_dropped < CompactAtLeast || _dropped * 2 < _length)
        {
            return;
        }

        var kept = 0;
        for (var i = 0; i < _length; i++)
        {
            if (_slots[i].ExpiresMs != Dropped)
            {
                _slots[kept++] = _slots[i];
            }
        }

        Array.Clear(_slots, kept, _length - kept);
        (_length, _dropped) = (kept, 0);
        if (_slots.Length > 64 && _length < _slots.Length / 4)
        {
            Array.Resize(ref _slots, _slots.Length / 2);
        }
    }

    private int IndexOf(long sequence)
    {
        var index = FirstAfter(sequence - 1);
        return index < _length && _slots[index].Sequence == sequence ? index : -1;
    }

    /// <summary>The first slot (dropped or not) whose sequence is above <paramref name="cursor"/>.</summary>
    private int FirstAfter(long cursor)
    {
        int low = 0, high = _length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_slots[mid].Sequence <= cursor)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private readonly record struct Slot(Guid Id, string? OtherId, long ExpiresMs, long Sequence, long EndedMs)
    {
        /// <summary>The family id's text: a Login id is rebuilt from its 16 bytes, another store's was kept as it came.</summary>
        public string FamilyId => OtherId ?? FamilyIds.ToText(Id);

        public static Slot Of(LoginFamilyEnding ending)
        {
            // Kept as bytes only when they give the same text back (base64url has non-canonical spellings).
            var compact = FamilyIds.TryParse(ending.FamilyId, out var id) && SpellsAs(id, ending.FamilyId);
            return new Slot(compact ? id : default, compact ? null : ending.FamilyId, ending.ExpiresAt.ToUnixTimeMilliseconds(), ending.Sequence,
                ending.EndedAt.ToUnixTimeMilliseconds());
        }

        /// <summary>Whether <paramref name="id"/>'s text is <paramref name="text"/>, without allocating it.</summary>
        private static bool SpellsAs(Guid id, string text)
        {
            Span<byte> bytes = stackalloc byte[16];
            Span<char> chars = stackalloc char[24];
            id.TryWriteBytes(bytes);
            return System.Buffers.Text.Base64Url.EncodeToChars(bytes, chars) is var written && chars[..written].SequenceEqual(text);
        }

        public LoginFamilyEnding ToEnding() =>
            new(FamilyId, DateTimeOffset.FromUnixTimeMilliseconds(ExpiresMs), Sequence, DateTimeOffset.FromUnixTimeMilliseconds(EndedMs));
    }
}
