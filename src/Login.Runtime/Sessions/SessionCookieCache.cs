using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Login.Sessions;

/// <summary>
/// Remembers what recent session cookies decrypted to, so a logged-in request does not pay for a DataProtection
/// <c>Unprotect</c> (tens of microseconds and about 700 bytes) every time. Keyed by the exact cookie text: a
/// changed cookie is a different key and goes through DataProtection, which rejects it. Only what the cookie says is
/// cached; expiry, idle timeout, revocation, session protection and the session stamp are still checked on every
/// request against the current time, client and user.
/// </summary>
/// <remarks>
/// Bounded: two generations of at most half <see cref="LoginOptions.SessionCacheSize"/> entries each. When the
/// current one is full it becomes the previous one and the old previous one is dropped, so memory stays below
/// the size times an entry (about 700 bytes for an int id) however many sessions arrive, and sessions in use keep
/// being promoted into the current generation. Emptied whenever DataProtection's key ring changes in this process
/// (a key revoked or added), and caches nothing for <see cref="QuietAfterKeyChange"/> after that while DataProtection
/// reloads its keys. No entry is trusted for longer than <see cref="EntryLifetime"/>, so a key revoked by another
/// process takes effect here at most that much later than DataProtection itself notices.
/// </remarks>
internal sealed class SessionCookieCache
{
    /// <summary>How long a decrypted cookie is trusted before DataProtection is asked again.</summary>
    internal static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a key-ring change nothing new is cached. DataProtection reloads its key ring in the background
    /// and answers from the old one meanwhile, so for a moment it may still accept a cookie of a revoked key; such an
    /// answer must not be kept for a whole <see cref="EntryLifetime"/>.
    /// </summary>
    internal static readonly TimeSpan QuietAfterKeyChange = TimeSpan.FromSeconds(10);

    private readonly SessionCookieFormat _format;
    private readonly int _generationSize;
    private readonly Lock _rotation = new();
    private readonly IKeyManager? _keys;
    private readonly TimeProvider _time;
    private Generation _current = new();
    private Generation _previous = new();
    private long _epoch;
    private long _quietUntil;

    public SessionCookieCache(SessionCookieFormat format, int size, IKeyManager? keys, TimeProvider time)
    {
        _format = format;
        _time = time;
        _generationSize = size / 2;
        _keys = keys;
        if (_generationSize > 0 && keys is not null)
        {
            WatchKeyRing();
        }
    }

    /// <summary>Writes and reads cookies without the cache.</summary>
    public SessionCookieFormat Format => _format;

    /// <summary>How many cookies are remembered now.</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _previous).Count;

    /// <summary>
    /// The session in <paramref name="cookie"/> as a copy the caller may change, or <c>null</c> when the cookie is not
    /// a session cookie of ours.
    /// </summary>
    public SessionState? Read(string? cookie)
    {
        if (_generationSize == 0 || string.IsNullOrEmpty(cookie))
        {
            return _format.Unprotect(cookie);
        }

        var now = Now();
        var epoch = Volatile.Read(ref _epoch);
        var current = Volatile.Read(ref _current);
        if (current.TryGetValue(cookie, out var entry) && entry.TrustedUntil > now)
        {
            return entry.Session.Copy();
        }

        var previous = Volatile.Read(ref _previous);
        if (previous.TryGetValue(cookie, out entry) && entry.TrustedUntil > now)
        {
            Add(cookie, entry, epoch); // still in use: keep it when the previous generation goes
            return entry.Session.Copy();
        }

        var session = _format.Unprotect(cookie);
        if (session is not null)
        {
            Remember(cookie, session, epoch);
        }

        return session;
    }

    /// <summary>
    /// The session in a cookie value found in the raw header, as a copy the caller may change, if this value is
    /// remembered; <c>null</c> says only "not remembered": the caller then reads the cookie with <see cref="Read"/>.
    /// </summary>
    public SessionState? Find(ReadOnlySpan<char> cookie)
    {
        if (_generationSize == 0)
        {
            return null;
        }

        var now = Now();
        var epoch = Volatile.Read(ref _epoch);
        if (Volatile.Read(ref _current).Lookup.TryGetValue(cookie, out var entry) && entry.TrustedUntil > now)
        {
            return entry.Session.Copy();
        }

        if (Volatile.Read(ref _previous).Lookup.TryGetValue(cookie, out entry) && entry.TrustedUntil > now)
        {
            lock (_rotation)
            {
                // Still in use: keep it when the previous generation goes.
                if (MayAdd(epoch))
                {
                    var lookup = _current.Lookup;
                    if (lookup.TryAdd(cookie, entry))
                    {
                        CountAddition();
                    }
                    else
                    {
                        lookup[cookie] = entry; // in both generations: the current one's copy had expired
                    }
                }
            }

            return entry.Session.Copy();
        }

        return null;
    }

    /// <summary>Remembers a cookie this process just wrote, so the request that brings it back skips decryption.</summary>
    public void Remember(string cookie, SessionState session) => Remember(cookie, session, Volatile.Read(ref _epoch));

    /// <summary>Forgets every cookie: the next request with any of them goes through DataProtection again.</summary>
    public void Clear()
    {
        lock (_rotation)
        {
            Interlocked.Increment(ref _epoch);
            _quietUntil = Now() + (long)QuietAfterKeyChange.TotalMilliseconds;
            Volatile.Write(ref _current, new Generation());
            Volatile.Write(ref _previous, new Generation());
        }
    }

    private void Remember(string cookie, SessionState session, long epoch)
    {
        // Only logged-in sessions with nothing else in them: a flash or a next is taken on the next request anyway,
        // which rewrites the cookie, so caching those would only churn.
        if (_generationSize == 0 || session.UserId is null || session.Next is not null || session.HasFlashes)
        {
            return;
        }

        Add(cookie, new Entry(session.Copy(), Now() + (long)EntryLifetime.TotalMilliseconds), epoch);
    }

    /// <summary>
    /// Adds under the lock <see cref="Clear"/> takes, and only if the key ring has not changed since the caller read
    /// <paramref name="epoch"/>: an answer DataProtection gave before a key was revoked must not outlive the clearing.
    /// Hits in the current generation, the common case, never get here.
    /// </summary>
    private void Add(string cookie, Entry entry, long epoch)
    {
        lock (_rotation)
        {
            if (!MayAdd(epoch))
            {
                return;
            }

            if (_current.TryAdd(cookie, entry))
            {
                CountAddition();
            }
            else
            {
                _current[cookie] = entry; // an entry past its trust: DataProtection just vouched for it again
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Under the lock: no key-ring change since the caller started, and none just before.</summary>
    private bool MayAdd(long epoch) => epoch == _epoch && Now() >= _quietUntil;

    /// <summary>Called under the lock after each addition: a full current generation becomes the previous one.</summary>
    private void CountAddition()
    {
        if (++_current.Added >= _generationSize)
        {
            Volatile.Write(ref _previous, _current);
            Volatile.Write(ref _current, new Generation());
        }
    }

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

    private sealed record Entry(SessionState Session, long TrustedUntil);

    // Written only under the lock, read without it: a concurrent dictionary for the lock-free readers.
    private sealed class Generation : ConcurrentDictionary<string, Entry>
    {
        public Generation()
            : base(StringComparer.Ordinal)
        {
            Lookup = GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>Finds a cookie by the characters of the header, without making a string of them.</summary>
        public AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        /// <summary>Entries added so far (counted under the lock; cheaper than <c>Count</c>, which locks every bucket).</summary>
        public int Added;
    }
}
