using System.Buffers.Text;
using System.Collections.Concurrent;

namespace Login.Sessions.Store;

/// <summary>
/// This instance's copy of the ended login families, so a guarded request checks a cookie's family without a database
/// round trip: <see cref="IsEnded"/> on the hot path, fed by <see cref="LoginEndingsFollower"/>. Each entry is kept until
/// its family expires (after that no cookie of the family is accepted anyway); <see cref="StaleSince"/> says whether
/// the copy can be trusted.
/// </summary>
/// <remarks>
/// Ids made by <see cref="LoginFamily.NewId"/> are held as 128-bit numbers (about 40 bytes an entry, so a million
/// ended families take some 40 MB); other ids, from a store of your own, as strings.
/// </remarks>
internal sealed class EndedLoginFamilies(TimeProvider time)
{
    private readonly ConcurrentDictionary<UInt128, long> _byNumber = new();
    private readonly ConcurrentDictionary<string, long> _byString = new(StringComparer.Ordinal);
    private readonly Lock _staleGate = new();
    private DateTimeOffset? _staleSince = DateTimeOffset.MinValue;

    /// <summary>Entries held now.</summary>
    public int Count => _byNumber.Count + _byString.Count;

    /// <summary>
    /// <see langword="null"/> while every ending is known (the follower listens and has caught up); otherwise the time
    /// since which endings may be missing: <see cref="DateTimeOffset.MinValue"/> before the first catch-up (nothing is
    /// known yet), or when the store was lost. Compare it with the app's staleness bound to fail closed.
    /// </summary>
    public DateTimeOffset? StaleSince
    {
        get
        {
            lock (_staleGate)
            {
                return _staleSince;
            }
        }
    }

    /// <summary>Whether the family is known to have ended. Allocation-free for ids from <see cref="LoginFamily.NewId"/>.</summary>
    public bool IsEnded(string familyId) =>
        TryNumber(familyId, out var number) ? _byNumber.ContainsKey(number) : _byString.ContainsKey(familyId);

    /// <summary>Records an ending; a later expiry for the same family wins.</summary>
    public void Add(string familyId, DateTimeOffset expiresAt)
    {
        var until = expiresAt.ToUnixTimeMilliseconds();
        if (TryNumber(familyId, out var number))
        {
            _byNumber.AddOrUpdate(number, until, (_, known) => Math.Max(known, until));
        }
        else
        {
            _byString.AddOrUpdate(familyId, until, (_, known) => Math.Max(known, until));
        }
    }

    /// <summary>Records the ending with the expiry the store reports, replacing a guess made from a notice.</summary>
    public void Set(string familyId, DateTimeOffset expiresAt)
    {
        var until = expiresAt.ToUnixTimeMilliseconds();
        if (TryNumber(familyId, out var number))
        {
            _byNumber[number] = until;
        }
        else
        {
            _byString[familyId] = until;
        }
    }

    /// <summary>Drops the endings of families that have expired; returns how many.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var swept = 0;
        foreach (var (key, until) in _byNumber)
        {
            if (until <= now && _byNumber.TryRemove(key, out _))
            {
                swept++;
            }
        }

        foreach (var (key, until) in _byString)
        {
            if (until <= now && _byString.TryRemove(key, out _))
            {
                swept++;
            }
        }

        return swept;
    }

    /// <summary>Endings may be missing from <paramref name="since"/> on (keeps an earlier time already set).</summary>
    public void MarkStale(DateTimeOffset since)
    {
        lock (_staleGate)
        {
            _staleSince ??= since;
        }
    }

    /// <summary>
    /// A catch-up that started at <paramref name="asOf"/> succeeded: with the stream listening, every ending is known
    /// from now on; without it, every ending up to <paramref name="asOf"/>.
    /// </summary>
    public void MarkCaughtUp(DateTimeOffset asOf, bool listening)
    {
        lock (_staleGate)
        {
            _staleSince = listening ? null : _staleSince is { } since && since > asOf ? since : asOf;
        }
    }

    private static bool TryNumber(string familyId, out UInt128 number)
    {
        number = default;
        if (familyId.Length != 22)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (Base64Url.DecodeFromChars(familyId, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != 22 || written != 16)
        {
            return false;
        }

        // 22 characters carry 132 bits: an id whose 4 spare bits are set is another string for the same number. Only
        // the spelling NewId makes maps to the number, so two ids a store tells apart are told apart here too.
        Span<char> canonical = stackalloc char[22];
        if (Base64Url.EncodeToChars(bytes, canonical) != 22 || !canonical.SequenceEqual(familyId))
        {
            return false;
        }

        number = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        return true;
    }
}
