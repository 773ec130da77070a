using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Login.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging;

namespace Login.Cookies;

/// <summary>
/// The session cookie's own keys, derived from DataProtection's keys, so that a session cookie the cache has not seen
/// (a million users in turn) costs a MAC and a block decryption instead of DataProtection's <c>Unprotect</c>, which
/// builds its algorithm instances and derives subkeys on every call (about 13 us against 3 here).
/// </summary>
/// <remarks>
/// <para>
/// Nothing is stored: every DataProtection key that is not revoked yields, when a cookie first names it, an AES-256 key
/// and an HMAC-SHA256 key, derived from the key's master key with the SP800-108 counter-mode KDF over HMAC-SHA512 (the
/// KDF DataProtection derives its own subkeys with). The label (<see cref="Label"/>) never begins as DataProtection's
/// labels do (its payload header, 0x09F0C9F0), and the context binds the key id and the cookie's whole purpose chain
/// (DataProtection's application name, Login's application name, the cookie's purpose), so these keys are unrelated
/// to any key DataProtection derives and differ between two apps that share a key ring. Rotation, sharing between
/// instances, persistence and revocation therefore stay DataProtection's: a cookie is written under DataProtection's
/// current default key (read off a payload it protects) and read under the key it names, while that key is in the key
/// ring and not revoked.
/// </para>
/// <para>
/// What is known of the key ring is trusted for <see cref="Lifetime"/>, and dropped at once when DataProtection's key
/// manager reports a change in this process (a key revoked or created): a key revoked by another process stops
/// reading cookies here within a minute (and, with the decrypted-cookie cache's own minute, its sessions end within
/// two), sooner than DataProtection's own key ring (refreshed daily) notices.
/// A cookie naming a key not in the ring looks again, at most once per <see cref="UnknownKeyInterval"/>, so
/// made-up key ids cannot make every request read the key repository. The ring is read when the app starts (as
/// DataProtection reads its own), so an instance whose key repository is a database that goes down before its first
/// request still has its keys; when only the minute ran out, one request reads the ring again while the others go on
/// with the keys they know; a read that fails keeps them and is tried again after <see cref="RetryAfterFailure"/>.
/// </para>
/// <para>
/// Envelope: <see cref="Tag"/>, key id (16), IV (16), AES-256-CBC ciphertext with PKCS#7 padding, then HMAC-SHA256 (32)
/// of everything before it; the MAC is checked, in constant time, before anything is decrypted.
/// </para>
/// <para>
/// Used only when the app's keys are DataProtection's key ring and the key is of DataProtection's default algorithms
/// (AES-256-CBC and HMAC-SHA256, the ones the cookie is sealed with); otherwise <see cref="SessionCookieFormat"/>
/// protects with DataProtection itself, and it reads cookies of either form.
/// </para>
/// </remarks>
internal sealed class SessionCookieKeys
{
    /// <summary>The first byte of a cookie sealed here; DataProtection's payloads begin with 0x09.</summary>
    internal const byte Tag = 0x4C;

    private const int IdLength = 16;
    private const int IvLength = 16;
    private const int MacLength = 32;
    private const int BlockLength = 16;
    private const int HeaderLength = 1 + IdLength + IvLength;

    /// <summary>The smallest envelope: header, one block, MAC.</summary>
    internal const int MinLength = HeaderLength + BlockLength + MacLength;

    /// <summary>How long what is known of the key ring is trusted before the key manager is asked again.</summary>
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>How often a cookie naming an unknown key may make the key manager be asked again.</summary>
    internal static readonly TimeSpan UnknownKeyInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a key ring whose refresh failed is used before the next try.</summary>
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Login session cookie keys v1");

    private readonly IKeyManager _keyManager;
    private readonly IDataProtector _probe;
    private readonly byte[] _purposes;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private Ring? _ring;
    private long _unknownLookupAfter;

    /// <param name="keyManager">DataProtection's key manager: the keys, their revocation, changes in this process.</param>
    /// <param name="protector">A protector of the app's key ring: what it protects names DataProtection's current default key.</param>
    /// <param name="purposes">The cookie's purpose chain, root first, as DataProtection isolates it.</param>
    /// <param name="time">The clock the ring's trust is measured on.</param>
    /// <param name="logger">Where a failure to read the key ring is reported.</param>
    public SessionCookieKeys(IKeyManager keyManager, IDataProtector protector, IEnumerable<string?> purposes, TimeProvider time, ILogger? logger = null)
    {
        _keyManager = keyManager;
        // A purpose of its own: what the probe protects is thrown away, and is no session cookie.
        _probe = protector.CreateProtector("Login.KeyProbe");
        _purposes = HashPurposes(purposes);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Reads the key ring and derives the current key's pair, if that was not done in the last minute: at startup, so
    /// that the keys are known if the key repository becomes unreachable before the first cookie.
    /// </summary>
    public void Read()
    {
        var ring = Current();
        if (ring?.Default is { } id && ring.Keys.TryGetValue(id, out var key))
        {
            _ = key.Value;
        }
    }

    /// <summary>
    /// Seals <paramref name="payload"/> under DataProtection's current default key, or returns <c>null</c> when no key of
    /// ours can be had for it (the caller then protects with DataProtection itself).
    /// </summary>
    public byte[]? Seal(ReadOnlySpan<byte> payload)
    {
        var ring = Current();
        return ring?.Default is { } id && ring.Keys.TryGetValue(id, out var key) && key.Value is { } derived ? derived.Seal(payload) : null;
    }

    /// <summary>
    /// Checks and decrypts an envelope sealed here into <paramref name="destination"/>; the plaintext's length, or -1
    /// when the envelope was not sealed by a key of this key ring that is still good (changed, truncated, foreign,
    /// revoked). <paramref name="destination"/> needs the envelope's length at least.
    /// </summary>
    public int Open(ReadOnlySpan<byte> envelope, Span<byte> destination)
    {
        if (envelope.Length < MinLength || envelope[0] != Tag || (envelope.Length - HeaderLength - MacLength) % BlockLength != 0)
        {
            return -1;
        }

        var id = new Guid(envelope.Slice(1, IdLength));
        var ring = Current();
        if (ring is null)
        {
            return -1;
        }

        if (!ring.Keys.TryGetValue(id, out var key))
        {
            // Perhaps a key made by another instance since the ring was read; perhaps made up. Look once in a while.
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var after = Volatile.Read(ref _unknownLookupAfter);
            if (now < after || Interlocked.CompareExchange(ref _unknownLookupAfter, now + (long)UnknownKeyInterval.TotalMilliseconds, after) != after)
            {
                return -1;
            }

            ring = Refresh(force: true);
            if (ring is null || !ring.Keys.TryGetValue(id, out key))
            {
                return -1;
            }
        }

        return key.Value is { } derived ? derived.Open(envelope, destination) : -1;
    }

    /// <summary>The ring, read again when its trust ran out or the key manager reported a change.</summary>
    private Ring? Current()
    {
        var ring = Volatile.Read(ref _ring);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (ring is not null && !ring.IsStale(now))
        {
            return ring;
        }

        // Only its minute ran out (no key changed in this process): one request reads the ring again while the others
        // go on with the keys they know, so a slow or unreachable key repository holds up one request, not all.
        if (ring is not null && !ring.Changed.IsCancellationRequested)
        {
            if (!_gate.TryEnter())
            {
                return ring;
            }

            try
            {
                return RefreshHeld(force: false);
            }
            finally
            {
                _gate.Exit();
            }
        }

        return Refresh(force: false);
    }

    private Ring? Refresh(bool force)
    {
        lock (_gate)
        {
            return RefreshHeld(force);
        }
    }

    private Ring? RefreshHeld(bool force)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var old = _ring;
        if (!force && old is not null && !old.IsStale(now))
        {
            return old; // another thread read it while this one waited
        }

        try
        {
            // The token first: a change after it is read fires it, so the ring below is never newer than its token says.
            // Then the default key (DataProtection makes the first key when it first protects), then the keys.
            var changed = _keyManager.GetCacheExpirationToken();
            var current = DefaultKeyId();
            var keys = new Dictionary<Guid, Lazy<DerivedKey?>>();
            foreach (var key in _keyManager.GetAllKeys())
            {
                if (!key.IsRevoked)
                {
                    // A key still in the ring keeps what was derived from it.
                    keys[key.KeyId] = old is not null && old.Keys.TryGetValue(key.KeyId, out var known) ? known : new(() => Derive(key));
                }
            }

            var ring = new Ring(keys, current, now + (long)Lifetime.TotalMilliseconds, changed);
            Volatile.Write(ref _ring, ring);
            return ring;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The key repository is unreachable: DataProtection goes on with the keys it has, and so does this, for a
            // while; with none yet, cookies are protected with DataProtection itself and sealed ones are refused.
            if (_logger is not null)
            {
                LoginLog.SessionCookieKeysUnavailable(_logger, e);
            }

            // Tried again after a few seconds, not on every request. (A key revoked in this process while the
            // repository is unreachable was not revoked in it either.)
            var kept = (old ?? new Ring([], null, 0, CancellationToken.None))
                with { TrustedUntil = now + (long)RetryAfterFailure.TotalMilliseconds, Changed = CancellationToken.None };
            Volatile.Write(ref _ring, kept);
            return kept;
        }
    }

    /// <summary>DataProtection's current default key, read off the header of a payload it protects (magic, then key id).</summary>
    private Guid? DefaultKeyId()
    {
        var probe = _probe.Protect([]);
        return probe.Length >= 4 + IdLength && BinaryPrimitives.ReadUInt32BigEndian(probe) == 0x09F0C9F0
            ? new Guid(probe.AsSpan(4, IdLength))
            : null;
    }

    private DerivedKey? Derive(IKey key)
    {
        byte[]? master = null;
        try
        {
            // Only a key of DataProtection's default algorithms, the ones the cookie is sealed with: an app that chose
            // others (GCM, CNG, a custom descriptor) keeps them, with DataProtection's form of the cookie. Such a key
            // exports its master key as masterKey/value, in the clear in memory (the repository's XML encryption
            // applies when it is stored).
            var element = key.Descriptor.ExportToXml().SerializedDescriptorElement;
            if (Algorithm(element, "encryption") != "AES_256_CBC" || Algorithm(element, "validation") != "HMACSHA256"
                || Child(element, "masterKey") is not { } masterKey || Child(masterKey, "value") is not { } value)
            {
                return null;
            }

            master = Convert.FromBase64String(value.Value);
            if (master.Length < 32)
            {
                return null;
            }

            var context = new byte[IdLength + _purposes.Length];
            key.KeyId.TryWriteBytes(context);
            _purposes.CopyTo(context, IdLength);
            var material = SP800108HmacCounterKdf.DeriveBytes(master, HashAlgorithmName.SHA512, Label, context, 64);
            return new DerivedKey(key.KeyId, material);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidOperationException)
        {
            if (_logger is not null)
            {
                LoginLog.SessionCookieKeysUnavailable(_logger, e);
            }

            return null; // a key DataProtection cannot read either (its XML encryption's certificate missing, say)
        }
        finally
        {
            if (master is not null)
            {
                CryptographicOperations.ZeroMemory(master);
            }
        }
    }

    private static XElement? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Algorithm(XElement descriptor, string name) => Child(descriptor, name)?.Attribute("algorithm")?.Value;

    private static byte[] HashPurposes(IEnumerable<string?> purposes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var purpose in purposes)
        {
            var bytes = Encoding.UTF8.GetBytes(purpose ?? "");
            BinaryPrimitives.WriteInt32BigEndian(length, purpose is null ? -1 : bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }

    private sealed record Ring(Dictionary<Guid, Lazy<DerivedKey?>> Keys, Guid? Default, long TrustedUntil, CancellationToken Changed)
    {
        public bool IsStale(long now) => now >= TrustedUntil || Changed.IsCancellationRequested;
    }

    /// <summary>
    /// One DataProtection key's pair of keys. AES and HMAC instances are not for several threads at once, so each thread
    /// keeps its own (made on its first cookie of this key).
    /// </summary>
    private sealed class DerivedKey(Guid id, byte[] material)
    {
        private readonly ThreadLocal<Worker> _workers = new(() => new Worker(material.AsSpan(0, 32), material.AsSpan(32, 32)));

        public byte[] Seal(ReadOnlySpan<byte> payload)
        {
            var cipherLength = (payload.Length / BlockLength + 1) * BlockLength;
            var envelope = new byte[HeaderLength + cipherLength + MacLength];
            envelope[0] = Tag;
            id.TryWriteBytes(envelope.AsSpan(1, IdLength));
            var iv = envelope.AsSpan(1 + IdLength, IvLength);
            RandomNumberGenerator.Fill(iv);
            var worker = _workers.Value!;
            worker.Aes.EncryptCbc(payload, iv, envelope.AsSpan(HeaderLength, cipherLength), PaddingMode.PKCS7);
            worker.Mac.AppendData(envelope.AsSpan(0, HeaderLength + cipherLength));
            worker.Mac.GetHashAndReset(envelope.AsSpan(HeaderLength + cipherLength));
            return envelope;
        }

        public int Open(ReadOnlySpan<byte> envelope, Span<byte> destination)
        {
            var worker = _workers.Value!;
            var signed = envelope[..^MacLength];
            Span<byte> mac = stackalloc byte[MacLength];
            worker.Mac.AppendData(signed);
            worker.Mac.GetHashAndReset(mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, envelope[^MacLength..]))
            {
                return -1;
            }

            // Authentic, so the padding is ours: a padding error here would be a bug, not an oracle.
            return worker.Aes.TryDecryptCbc(signed[HeaderLength..], signed.Slice(1 + IdLength, IvLength), destination, out var written, PaddingMode.PKCS7)
                ? written
                : -1;
        }
    }

    private sealed class Worker
    {
        public Worker(ReadOnlySpan<byte> encryption, ReadOnlySpan<byte> mac)
        {
            Aes = Aes.Create();
            Aes.Key = encryption.ToArray();
            Mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, mac);
        }

        public Aes Aes { get; }

        public IncrementalHash Mac { get; }
    }
}
