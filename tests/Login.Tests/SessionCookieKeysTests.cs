using System.Buffers.Text;
using System.Xml.Linq;
using Login.Cookies;
using Login.Sessions;
using Login.Testing.Time;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// The session cookie sealed with keys derived from DataProtection's key ring: what an attacker can do with such a
/// cookie (change it, move it to another app, keep it past a revocation, name a key of their own) gets nothing, and
/// what an operator expects of DataProtection (shared key rings, rotation, revocation) still holds.
/// </summary>
public sealed class SessionCookieKeysTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("login-keys-");

    public void Dispose() => _keys.Delete(recursive: true);

    [Fact]
    public void A_cookie_is_sealed_with_the_derived_keys_and_read_back_without_DataProtection()
    {
        using var app = new KeyRingApp(_keys);
        var cookie = app.Format.Protect(LoggedIn("42"));
        var unprotects = app.Counter.Unprotects;

        Assert.Equal(SessionCookieKeys.Tag, Base64Url.DecodeFromChars(cookie)[0]);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
        Assert.Equal(unprotects, app.Counter.Unprotects);
        // Smaller than DataProtection's envelope (84 bytes of overhead against 65 here).
        Assert.True(cookie.Length < app.DataProtectionOnly.Protect(LoggedIn("42")).Length);
    }

    [Theory]
    [InlineData("7", false, 151)]
    [InlineData("-2147483648", false, 172)]
    [InlineData("-2147483648", true, 172)]
    public void The_sealed_cookie_is_shorter_than_DataProtections(string id, bool stamped, int length)
    {
        using var app = new KeyRingApp(_keys);
        var session = LoggedIn(id);
        session.Identifier = ClientIdentifier.Of("127.0.0.1", "Mozilla/5.0");
        session.Stamp = stamped ? new byte[SessionStamps.Length] : null;

        // 65 bytes around the payload padded to 16, where DataProtection's form has 84: for the user type key TestUser
        // and any int id, at most 172 characters of value (DataProtection's form: 176 to 198).
        Assert.Equal(length, app.Format.Protect(session).Length);
        Assert.True(app.DataProtectionOnly.Protect(session).Length >= 176);
    }

    [Fact]
    public void A_cookie_protected_with_DataProtection_is_still_read()
    {
        using var app = new KeyRingApp(_keys);
        var before = app.DataProtectionOnly.Protect(LoggedIn("7")); // as Login wrote them before its own keys

        Assert.Equal(0x09, Base64Url.DecodeFromChars(before)[0]);
        Assert.Equal("7", app.Format.Unprotect(before)?.UserId);
    }

    [Fact]
    public void Every_changed_byte_and_every_truncation_is_refused()
    {
        using var app = new KeyRingApp(_keys);
        var envelope = Base64Url.DecodeFromChars(app.Format.Protect(LoggedIn("42")));

        for (var i = 0; i < envelope.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])envelope.Clone();
                changed[i] ^= flip;
                Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString(changed)));
            }

            Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString(envelope.AsSpan(0, i))));
        }

        Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString([.. envelope, 0])));
        Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString([.. envelope, .. new byte[16]])));
        Assert.Equal("42", app.Format.Unprotect(Base64Url.EncodeToString(envelope))?.UserId);
    }

    [Fact]
    public void Another_instance_on_the_same_key_ring_reads_the_cookie_and_another_key_ring_does_not()
    {
        using var one = new KeyRingApp(_keys);
        using var two = new KeyRingApp(_keys);
        var other = Directory.CreateTempSubdirectory("login-keys-");
        try
        {
            using var stranger = new KeyRingApp(other);
            var cookie = one.Format.Protect(LoggedIn("42"));

            Assert.Equal("42", two.Format.Unprotect(cookie)?.UserId);
            Assert.Equal("42", one.Format.Unprotect(two.Format.Protect(LoggedIn("42")))?.UserId);
            Assert.Null(stranger.Format.Unprotect(cookie));
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public void Apps_that_share_a_key_ring_cannot_read_each_others_cookies()
    {
        using var shop = new KeyRingApp(_keys, dataProtectionName: "shop");
        using var admin = new KeyRingApp(_keys, dataProtectionName: "admin");
        using var shopTwin = new KeyRingApp(_keys, dataProtectionName: "shop");
        using var namedByLogin = new KeyRingApp(_keys, dataProtectionName: "shop", loginName: "shop-admin");
        var cookie = shop.Format.Protect(LoggedIn("42"));

        Assert.Equal("42", shopTwin.Format.Unprotect(cookie)?.UserId);
        Assert.Null(admin.Format.Unprotect(cookie));
        Assert.Null(namedByLogin.Format.Unprotect(cookie));
        Assert.Null(shop.Format.Unprotect(namedByLogin.Format.Protect(LoggedIn("42"))));
    }

    [Fact]
    public void A_key_revoked_in_this_process_reads_no_cookie_at_once()
    {
        using var app = new KeyRingApp(_keys);
        var cookie = app.Format.Protect(LoggedIn("42"));
        Assert.NotNull(app.Format.Unprotect(cookie));

        app.KeyManager.RevokeAllKeys(DateTimeOffset.UtcNow, "compromised");

        Assert.Null(app.Format.Unprotect(cookie));

        // New cookies work again once DataProtection has made its new key. (It reloads its key ring in the background
        // and may protect with the revoked key meanwhile; such a cookie reads as nobody, as it did before Login's keys.)
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (app.Format.Unprotect(app.Format.Protect(LoggedIn("42")))?.UserId != "42")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "no cookie could be read 20 s after the revocation");
            Thread.Sleep(50);
        }

        Assert.Null(app.Format.Unprotect(cookie));
    }

    [Fact]
    public void A_key_revoked_by_another_process_reads_no_cookie_here_a_minute_later()
    {
        using var app = new KeyRingApp(_keys);
        using var operatorProcess = new KeyRingApp(_keys);
        var cookie = app.Format.Protect(LoggedIn("42"));
        Assert.NotNull(app.Format.Unprotect(cookie));

        operatorProcess.KeyManager.RevokeKey(KeyIdOf(cookie), "compromised");
        app.Clock.Advance(SessionCookieKeys.Lifetime);

        Assert.Null(app.Format.Unprotect(cookie));
    }

    [Fact]
    public void A_cookie_naming_a_key_nobody_has_is_refused_and_cannot_make_every_request_read_the_key_ring()
    {
        using var app = new KeyRingApp(_keys);
        var envelope = Base64Url.DecodeFromChars(app.Format.Protect(LoggedIn("42")));
        app.Format.Unprotect(Base64Url.EncodeToString(envelope)); // the ring is read
        var reads = app.Counter.KeyRingReads;

        for (var i = 0; i < 100; i++)
        {
            Guid.NewGuid().TryWriteBytes(envelope.AsSpan(1, 16));
            Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString(envelope)));
        }

        Assert.Equal(reads + 1, app.Counter.KeyRingReads); // one look for the first unknown key, then none for a while
        app.Clock.Advance(SessionCookieKeys.UnknownKeyInterval);
        Guid.NewGuid().TryWriteBytes(envelope.AsSpan(1, 16));
        Assert.Null(app.Format.Unprotect(Base64Url.EncodeToString(envelope)));
        Assert.Equal(reads + 2, app.Counter.KeyRingReads);
    }

    [Fact]
    public void A_key_made_by_another_instance_after_this_one_read_the_ring_is_found()
    {
        using var app = new KeyRingApp(_keys);
        using var other = new KeyRingApp(_keys);
        Assert.NotNull(app.Format.Unprotect(app.Format.Protect(LoggedIn("1")))); // the ring is read here

        // The other instance revokes everything and so makes a new key at once, which this instance has not seen.
        other.KeyManager.RevokeAllKeys(DateTimeOffset.UtcNow, "rotated");
        var cookie = other.Format.Protect(LoggedIn("42"));

        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
    }

    [Fact]
    public void A_cookie_sealed_under_a_key_that_is_no_longer_the_default_still_reads()
    {
        // Rotation as another instance sees it: the key ring holds the default key and another one, not revoked, that
        // a cookie names. (DataProtection keeps an older key as default over one made in the last two days, so the
        // second key comes from another key ring's directory, as a key made elsewhere and not yet propagated would.)
        using var app = new KeyRingApp(_keys);
        var current = app.Format.Protect(LoggedIn("1"));
        var elsewhere = Directory.CreateTempSubdirectory("login-keys-");
        try
        {
            string other;
            using (var before = new KeyRingApp(elsewhere))
            {
                other = before.Format.Protect(LoggedIn("2"));
            }

            foreach (var file in elsewhere.GetFiles("key-*.xml"))
            {
                file.CopyTo(Path.Combine(_keys.FullName, file.Name));
            }

            app.Clock.Advance(SessionCookieKeys.Lifetime);

            Assert.NotEqual(KeyIdOf(current), KeyIdOf(other));
            Assert.Equal("2", app.Format.Unprotect(other)?.UserId);
            Assert.Equal("1", app.Format.Unprotect(current)?.UserId);
            Assert.Equal(KeyIdOf(current), KeyIdOf(app.Format.Protect(LoggedIn("3"))));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_DataProtections_key_ring_the_cookie_is_DataProtections()
    {
        // The app protects with a provider of its own (here an ephemeral one) while a key manager is registered too:
        // the probe's key is not in that key manager's ring, so no keys are derived, and cookies still work.
        using var app = new KeyRingApp(_keys, provider: new EphemeralDataProtectionProvider());
        var cookie = app.Format.Protect(LoggedIn("42"));

        Assert.Equal(0x09, Base64Url.DecodeFromChars(cookie)[0]);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
    }

    [Fact]
    public void An_app_that_chose_other_algorithms_for_DataProtection_keeps_them()
    {
        using var app = new KeyRingApp(_keys, algorithms: new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
        var cookie = app.Format.Protect(LoggedIn("42"));

        Assert.Equal(0x09, Base64Url.DecodeFromChars(cookie)[0]);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
    }

    [Fact]
    public void Many_threads_seal_and_read_while_the_ring_is_read_again()
    {
        // Each thread keeps AES and HMAC instances of its own; the ring is replaced under them every few hundred cookies.
        using var app = new KeyRingApp(_keys);
        var failures = 0;
        var clockMoves = 0;
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(thread => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 2_000; i++)
            {
                var id = $"{thread}-{i}";
                try
                {
                    if (app.Format.Unprotect(app.Format.Protect(LoggedIn(id)))?.UserId != id)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    Interlocked.Increment(ref failures);
                }

                if (i % 500 == 0)
                {
                    lock (app.Clock)
                    {
                        app.Clock.Advance(SessionCookieKeys.Lifetime);
                        clockMoves++;
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, failures);
        Assert.Equal(32, clockMoves);
        Assert.InRange(app.Counter.KeyRingReads, 2, 40);
    }

    [Fact]
    public void When_the_key_repository_cannot_be_read_the_keys_already_known_go_on_and_it_is_not_asked_on_every_request()
    {
        using var app = new KeyRingApp(_keys);
        var cookie = app.Format.Protect(LoggedIn("42"));
        Assert.NotNull(app.Format.Unprotect(cookie));

        app.Counter.Unreachable = true;
        app.Clock.Advance(SessionCookieKeys.Lifetime);
        var reads = app.Counter.KeyRingReads;

        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
        Assert.Equal(reads + 1, app.Counter.KeyRingReads);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
            Assert.Equal("42", app.Format.Unprotect(app.Format.Protect(LoggedIn("42")))?.UserId);
        }

        Assert.Equal(reads + 1, app.Counter.KeyRingReads);
        app.Clock.Advance(SessionCookieKeys.RetryAfterFailure);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
        Assert.Equal(reads + 2, app.Counter.KeyRingReads);

        app.Counter.Unreachable = false;
        app.Clock.Advance(SessionCookieKeys.RetryAfterFailure);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
        Assert.Equal(reads + 3, app.Counter.KeyRingReads);
    }

    [Fact]
    public void Keys_read_at_startup_still_read_another_instances_cookies_when_the_key_repository_goes_down_before_the_first()
    {
        using var one = new KeyRingApp(_keys);
        using var two = new KeyRingApp(_keys);
        var cookie = one.Format.Protect(LoggedIn("42"));
        two.Format.ReadKeys(); // what Login does as the app starts

        two.Counter.Unreachable = true;

        Assert.Equal("42", two.Format.Unprotect(cookie)?.UserId);
        two.Clock.Advance(SessionCookieKeys.Lifetime * 5);
        Assert.Equal("42", two.Format.Unprotect(cookie)?.UserId);
        Assert.Equal("42", one.Format.Unprotect(two.Format.Protect(LoggedIn("42")))?.UserId);
    }

    [Fact]
    public void When_the_key_repository_was_never_read_cookies_are_DataProtections()
    {
        using var app = new KeyRingApp(_keys);
        app.Counter.Unreachable = true;

        var cookie = app.Format.Protect(LoggedIn("42"));

        Assert.Equal(0x09, Base64Url.DecodeFromChars(cookie)[0]);
        Assert.Equal("42", app.Format.Unprotect(cookie)?.UserId);
    }

    private static Guid KeyIdOf(string cookie) => new(Base64Url.DecodeFromChars(cookie).AsSpan(1, 16));

    private static SessionState LoggedIn(string id) => new()
    {
        UserId = id,
        SessionId = Guid.NewGuid(),
        IssuedAt = ManualClock.Start,
        LastSeen = ManualClock.Start,
        Fresh = true,
        UserType = UserTypeFixtures.TestUser,
    };

    /// <summary>
    /// One app's DataProtection on a key directory (as instances behind a load balancer share one), the session cookie
    /// format Login builds on it, and counts of what DataProtection was asked.
    /// </summary>
    private sealed class KeyRingApp : IDisposable
    {
        private readonly ServiceProvider _services;

        public KeyRingApp(
            DirectoryInfo keys, string dataProtectionName = "app", string? loginName = null, IDataProtectionProvider? provider = null,
            AuthenticatedEncryptorConfiguration? algorithms = null)
        {
            var services = new ServiceCollection();
            var dataProtection = services.AddDataProtection().PersistKeysToFileSystem(keys).SetApplicationName(dataProtectionName);
            if (algorithms is not null)
            {
                dataProtection.UseCryptographicAlgorithms(algorithms);
            }

            _services = services.BuildServiceProvider();
            KeyManager = _services.GetRequiredService<IKeyManager>();
            Counter = new Counting(KeyManager, provider ?? _services.GetRequiredService<IDataProtectionProvider>());
            var root = loginName is null ? (IDataProtectionProvider)Counter : Counter.CreateProtector("Login.Application", loginName);
            var discriminator = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator;
            Format = new SessionCookieFormat(root, () => UserTypeFixtures.One,
                protector => new SessionCookieKeys(Counter, protector, [discriminator, loginName, SessionCookieFormat.Purpose], Clock));
            DataProtectionOnly = new SessionCookieFormat(root, () => UserTypeFixtures.One);
        }

        public ManualClock Clock { get; } = new();

        public IKeyManager KeyManager { get; }

        public Counting Counter { get; }

        public SessionCookieFormat Format { get; }

        public SessionCookieFormat DataProtectionOnly { get; }

        public void Dispose() => _services.Dispose();
    }

    /// <summary>Counts DataProtection's <c>Unprotect</c> calls and the key ring's reads, passing both through.</summary>
    private sealed class Counting(IKeyManager keys, IDataProtectionProvider provider) : IKeyManager, IDataProtectionProvider
    {
        private int _unprotects;
        private int _keyRingReads;

        public int Unprotects => Volatile.Read(ref _unprotects);

        public int KeyRingReads => Volatile.Read(ref _keyRingReads);

        /// <summary>Makes reading the keys throw, as a key repository on an unreachable database would.</summary>
        public bool Unreachable { get; set; }

        public IDataProtector CreateProtector(string purpose) => new Protector(this, provider.CreateProtector(purpose));

        public IReadOnlyCollection<IKey> GetAllKeys()
        {
            Interlocked.Increment(ref _keyRingReads);
            return Unreachable ? throw new InvalidOperationException("The key repository cannot be reached.") : keys.GetAllKeys();
        }

        public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate) => keys.CreateNewKey(activationDate, expirationDate);

        public CancellationToken GetCacheExpirationToken() => keys.GetCacheExpirationToken();

        public void RevokeKey(Guid keyId, string? reason = null) => keys.RevokeKey(keyId, reason);

        public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => keys.RevokeAllKeys(revocationDate, reason);

        private sealed class Protector(Counting counter, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Protector(counter, inner.CreateProtector(purpose));

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref counter._unprotects);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
