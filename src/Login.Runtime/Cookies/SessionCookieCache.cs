using Login.Sessions;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Login.Cookies;

/// <summary>
/// Remembers what recent session cookies decrypted to, so a logged-in request does not pay for a DataProtection
/// <c>Unprotect</c> (over ten microseconds and about 700 bytes) every time. Keyed by the exact cookie text: a changed
/// cookie is a different key and goes through DataProtection, which rejects it. Only what the cookie says is cached;
/// expiry, idle timeout, revocation, session protection and the session stamp are still checked on every request
/// against the current time, client and user.
/// </summary>
/// <remarks>
/// <para>
/// Bounded by construction: a fixed table of <see cref="LoginOptions.SessionCacheSize"/> slots (rounded up to a
/// multiple of <see cref="Ways"/>), allocated once, in sets of <see cref="Ways"/>; a cookie can only live in the two
/// sets its hash picks (the per-process randomized string hash, so nobody can aim cookies at one set), goes to the
/// emptier, and replaces a random member of the two when both are full. Reads take no lock and allocate nothing: a
/// remembered session is one read-only instance (<see cref="SessionState.IsShared"/>) for every request with its
/// cookie, and a request that changes its session copies it first.
/// </para>
/// <para>
/// A cookie read from a request is cached the second time it is seen (a table of recently seen hashes decides), so
/// a stream of sessions each seen once, a million users in turn, costs DataProtection's work and nothing more,
/// instead of churning the cache. Cookies this process writes are cached at once.
/// </para>
/// <para>
/// Emptied whenever DataProtection's key ring changes in this process (a key revoked or added), and caches nothing for
/// <see cref="QuietAfterKeyChange"/> after that while DataProtection reloads its keys. No entry is trusted for longer
/// than <see cref="EntryLifetime"/>, so a key revoked by another process takes effect here at most that much later
/// than DataProtection itself notices.
/// </para>
/// </remarks>
internal sealed class SessionCookieCache
{
    /// <summary>How many slots a cookie can choose from.</summary>
    internal const int Ways = 8;

    /// <summary>How long a decrypted cookie is trusted before DataProtection is asked again.</summary>
    internal static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a key-ring change nothing new is cached. DataProtection reloads its key ring in the background
    /// and answers from the old one meanwhile, so for a moment it may still accept a cookie of a revoked key; such an
    /// answer must not be kept for a whole <see cref="EntryLifetime"/>.
    /// </summary>
    internal static readonly TimeSpan QuietAfterKeyChange = TimeSpan.FromSeconds(10);

    private readonly SessionCookieFormat _format;
    private readonly IKeyManager? _keys;
    private readonly TimeProvider _time;
    private readonly int _sets;
    private Table? _table;
    private AnonymousCookie? _anonymous;
    private long _quietUntil;

    public SessionCookieCache(SessionCookieFormat format, int size, IKeyManager? keys, TimeProvider time)
    {
        _format = format;
        _keys = keys;
        _time = time;
        _sets = size <= 0 ? 0 : (int)Math.Min(((long)size + Ways - 1) / Ways, int.MaxValue / Ways);
        if (_sets > 0)
        {
            _table = new Table(_sets);
            if (keys is not null)
            {
                WatchKeyRing();
            }
        }
    }

    /// <summary>Writes and reads cookies without the cache.</summary>
    public SessionCookieFormat Format => _format;

    /// <summary>How many cookies are remembered now (counts the table: for tests and diagnostics).</summary>
    public int Count => Volatile.Read(ref _table)?.Count() ?? 0;

    /// <summary>
    /// The session in a cookie value found in the raw header, shared and read-only (copy it to change it), if this value is
    /// remembered; <c>null</c> says only "not remembered": the caller then reads the cookie with <see cref="Read(ReadOnlySpan{char})"/>.
    /// </summary>
    public SessionState? Find(ReadOnlySpan<char> cookie)
    {
        var table = Volatile.Read(ref _table);
        if (table is null)
        {
            return null;
        }

        var hash = string.GetHashCode(cookie);
        return table.Find(cookie, hash) is { } entry && entry.TrustedUntil > Now() ? entry.Session : null;
    }

    /// <summary>
    /// The session in <paramref name="cookie"/>, or <c>null</c> when the cookie is not a session cookie of ours: the shared,
    /// read-only instance when the cookie is remembered (copy it to change it), else a session of the caller's own.
    /// </summary>
    public SessionState? Read(string? cookie) => Read(cookie.AsSpan());

    /// <summary>
    /// <see cref="Read(string?)"/> for a value found in the raw header: it becomes a string only if it is kept, so a cookie
    /// seen once (a million users in turn) costs no string.
    /// </summary>
    public SessionState? Read(ReadOnlySpan<char> cookie)
    {
        var table = Volatile.Read(ref _table);
        if (table is null || cookie.IsEmpty)
        {
            return _format.Unprotect(cookie);
        }

        var hash = string.GetHashCode(cookie);
        var known = table.Find(cookie, hash);
        if (known is not null && known.TrustedUntil > Now())
        {
            return known.Session;
        }

        var session = _format.Unprotect(cookie);
        // A cookie whose entry only ran out of trust is in use: keep it. Any other is kept from its second sighting.
        if (session is not null && IsCacheable(session) && (known is not null || table.SeenBefore(hash)))
        {
            Store(table, known?.Cookie ?? cookie.ToString(), hash, session);
        }

        return session;
    }

    /// <summary>
    /// The cookie value for <paramref name="session"/>, remembered so the request that brings it back skips
    /// decryption. An anonymous session holding only flashed messages, above all the login message every anonymous
    /// visitor of a guarded page gets, reuses the value written for the same messages in the last minute: nothing in
    /// it is anyone's, and without this every anonymous hit on a guarded page would cost an encryption.
    /// </summary>
    public string Write(SessionState session)
    {
        if (Volatile.Read(ref _table) is null || session.UserId is not null || session.Next is not null || !session.HasFlashes)
        {
            var value = _format.Protect(session);
            Remember(value, session);
            return value;
        }

        var now = Now();
        if (Volatile.Read(ref _anonymous) is { } memo && memo.WrittenUntil > now
            && memo.Flashes.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(session.Flashes)))
        {
            return memo.Cookie;
        }

        var cookie = _format.Protect(session);
        if (now >= Volatile.Read(ref _quietUntil))
        {
            Volatile.Write(ref _anonymous, new AnonymousCookie([.. session.Flashes!], cookie, now + (long)EntryLifetime.TotalMilliseconds));
        }

        return cookie;
    }

    /// <summary>Remembers a cookie this process just wrote, so the request that brings it back skips decryption.</summary>
    public void Remember(string cookie, SessionState session)
    {
        var table = Volatile.Read(ref _table);
        if (table is not null && IsCacheable(session))
        {
            Store(table, cookie, string.GetHashCode(cookie.AsSpan()), session);
        }
    }

    /// <summary>Forgets every cookie: the next request with any of them goes through DataProtection again.</summary>
    public void Clear()
    {
        // Quiet first, then the new table: whoever finds the new table also finds the quiet period, and whoever still
        // holds the old one writes into a table nobody reads any more.
        Volatile.Write(ref _quietUntil, Now() + (long)QuietAfterKeyChange.TotalMilliseconds);
        Volatile.Write(ref _anonymous, null);
        if (_sets > 0)
        {
            Volatile.Write(ref _table, new Table(_sets));
        }
    }

    // Only logged-in sessions with nothing else in them: a flash or a next is taken on the next request anyway, which
    // rewrites the cookie, so caching those would only churn.
    // A login whose user type this app cannot tell is refused, and its cookie deleted: nothing to keep either.
    private static bool IsCacheable(SessionState session) =>
        session.UserId is not null && session.UserType is not null && session.Next is null && !session.HasFlashes;

    private void Store(Table table, string cookie, int hash, SessionState session)
    {
        var now = Now();
        if (now >= Volatile.Read(ref _quietUntil))
        {
            table.Put(new Entry(cookie, hash, session.Share(), now + (long)EntryLifetime.TotalMilliseconds));
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void WatchKeyRing()
    {
        // The token is replaced each time it fires, so each callback clears and then watches the new one.
        _keys!.GetCacheExpirationToken().UnsafeRegister(static state =>
        {
            var cache = (SessionCookieCache)state!;
            cache.Clear();
            cache.WatchKeyRing();
        }, this);
    }

    private sealed record Entry(string Cookie, int Hash, SessionState Session, long TrustedUntil);

    private sealed record AnonymousCookie(FlashMessage[] Flashes, string Cookie, long WrittenUntil);

    /// <summary>
    /// The slots, and beside them the hashes of cookies seen once. Slots are written whole with one reference write,
    /// so a reader sees an old entry or a new one, never half of one; two writers racing for a slot lose one entry.
    /// </summary>
    /// <remarks>
    /// A cookie may live in either of two sets its hash names and goes to the emptier ("two choices"): with one set
    /// each, sets fill unevenly, and N sessions used in turn over N slots hit the cache about 75% of the time (the
    /// 10,000-session row of the load test ran at 0.73-0.81x one session); with two, about 96% (a simulation of the
    /// policy; SessionCacheTests holds the table to most of it).
    /// </remarks>
    private sealed class Table(int sets)
    {
        private readonly Entry?[] _slots = new Entry?[sets * Ways];
        private readonly int[] _seen = new int[sets * Ways * 2];

        public Entry? Find(ReadOnlySpan<char> cookie, int hash) =>
            FindIn(cookie, hash, First(hash)) ?? FindIn(cookie, hash, Second(hash));

        private int First(int hash) => (int)((uint)hash % (uint)sets);

        // Another set from the other bits of the hash (multiplied, so that hashes one set apart are not also one apart here).
        private int Second(int hash) => (int)((uint)((hash >>> 16) | (hash << 16)) * 2654435761u % (uint)sets);

        private Entry? FindIn(ReadOnlySpan<char> cookie, int hash, int set)
        {
            var slots = _slots.AsSpan(set * Ways, Ways);
            foreach (ref var slot in slots)
            {
                if (Volatile.Read(ref slot) is { } entry && entry.Hash == hash && cookie.SequenceEqual(entry.Cookie))
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether this hash was seen recently; records it if not. Two places per hash, so two sessions that share one
        /// place (and, used in turn, would overwrite each other there forever) still get in through the other.
        /// </summary>
        public bool SeenBefore(int hash)
        {
            var length = (uint)_seen.Length;
            ref var first = ref _seen[(uint)hash % length];
            ref var second = ref _seen[(uint)((hash >>> 16) | (hash << 16)) % length];
            if (first == hash || second == hash)
            {
                return true;
            }

            first = hash;
            second = hash;
            return false;
        }

        public void Put(Entry entry)
        {
            var first = First(entry.Hash) * Ways;
            var second = Second(entry.Hash) * Ways;
            // The emptier of the two sets takes it (the first on a tie), in its first empty slot.
            int firstEmpty = -1, secondEmpty = -1, firstRoom = 0, secondRoom = 0;
            foreach (var set in (ReadOnlySpan<int>)[first, second])
            {
                for (var i = set; i < set + Ways; i++)
                {
                    var current = Volatile.Read(ref _slots[i]);
                    if (current is null)
                    {
                        if (set == first)
                        {
                            firstRoom++;
                            firstEmpty = firstEmpty < 0 ? i : firstEmpty;
                        }
                        else
                        {
                            secondRoom++;
                            secondEmpty = secondEmpty < 0 ? i : secondEmpty;
                        }
                    }
                    else if (current.Hash == entry.Hash && current.Cookie == entry.Cookie)
                    {
                        // Its own copy, past its trust: replace that rather than keep two.
                        Volatile.Write(ref _slots[i], entry);
                        return;
                    }
                }
            }

            if (firstRoom > 0 || secondRoom > 0)
            {
                Volatile.Write(ref _slots[firstRoom >= secondRoom ? firstEmpty : secondEmpty], entry);
                return;
            }

            // Both sets full: a random member of either gives way (with a fixed order, sessions used in turn would evict
            // each other).
            var random = Random.Shared.Next(2 * Ways);
            Volatile.Write(ref _slots[(random < Ways ? first : second) + random % Ways], entry);
        }

        public int Count()
        {
            var count = 0;
            foreach (var slot in _slots)
            {
                count += slot is null ? 0 : 1;
            }

            return count;
        }
    }
}
