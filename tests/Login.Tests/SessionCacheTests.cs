using Login.Cookies;
using System.Net;
using Login.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Login.Tests;

/// <summary>
/// The decrypted-session cache (<see cref="LoginOptions.SessionCacheSize"/>): it saves DataProtection's work and
/// nothing else. Every check that decides whether a session is good still runs on every request.
/// </summary>
public class SessionCacheTests
{
    [Theory]
    [InlineData(10_000, 0)]
    [InlineData(0, 5)]
    public async Task A_logged_in_request_decrypts_its_session_cookie_only_when_the_cache_is_off(int cacheSize, int expectedDecryptions)
    {
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(
            o => o.SessionCacheSize = cacheSize, services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        var before = counting.SessionUnprotects;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        }

        Assert.Equal(expectedDecryptions, counting.SessionUnprotects - before);
    }

    [Fact]
    public void Sessions_used_in_turn_over_a_table_of_as_many_slots_are_nearly_all_kept()
    {
        // 2,000 logins this process wrote (each remembered at once), then used in turn, as by 2,000 browsers. With one
        // set per cookie the sets filled unevenly and about three quarters stayed; two choices keep nearly all.
        const int Sessions = 2_000;
        // One clock that never moves: no entry can run out of its minute of trust however slow the machine.
        var clock = new Login.Testing.Time.ManualClock();
        var cache = new SessionCookieCache(new SessionCookieFormat(new EphemeralDataProtectionProvider()), Sessions, keys: null, clock);
        var cookies = Enumerable.Range(0, Sessions).Select(i => cache.Write(new SessionState
        {
            UserId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            UserType = UserTypeFixtures.TestUser,
            SessionId = Guid.NewGuid(),
            IssuedAt = clock.GetUtcNow(),
            LastSeen = clock.GetUtcNow(),
        })).ToArray();

        for (var round = 0; round < 4; round++)
        {
            foreach (var cookie in cookies)
            {
                Assert.NotNull(cache.Read(cookie)); // from the table, or decrypted again (and kept from its second sighting)
            }
        }

        var kept = cookies.Count(cookie => cache.Find(cookie) is not null);
        Assert.True(kept >= Sessions * 9 / 10, $"only {kept} of {Sessions} sessions used in turn were kept");
    }

    [Fact]
    public async Task A_cookie_written_by_another_instance_is_remembered_from_its_second_request()
    {
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var writer = await TestApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        await using var reader = await TestApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var first = writer.NewBrowser();
        await first.GetAsync("/login/1");
        var second = reader.NewBrowser();
        second.Cookies[".Login.Session"] = first.Cookies[".Login.Session"];
        var before = counting.SessionUnprotects;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("secret of 1", (await second.GetAsync("/secret")).Body);
        }

        // Seen once, it may be one of a million sessions passing by: only the second sighting earns a place.
        Assert.Equal(2, counting.SessionUnprotects - before);
    }

    [Fact]
    public async Task An_entry_past_its_trust_is_decrypted_again_once_then_remembered_again()
    {
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        var before = counting.SessionUnprotects;

        app.Clock.Advance(SessionCookieCache.EntryLifetime + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        }

        Assert.Equal(1, counting.SessionUnprotects - before);
    }

    [Fact]
    public async Task A_cached_session_still_expires_and_still_idles_out()
    {
        // Both limits fall well inside the minute an entry is trusted, so these requests are answered from the cache.
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(
            o => o.SessionLifetime = TimeSpan.FromSeconds(30),
            services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);

        app.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
        Assert.Equal(0, counting.SessionUnprotects);

        await using var idle = await TestApp.StartAsync(
            o => o.IdleTimeout = TimeSpan.FromSeconds(20),
            services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var idler = idle.NewBrowser();
        await idler.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await idler.GetAsync("/secret")).Body);

        idle.Clock.Advance(TimeSpan.FromSeconds(21));

        Assert.Equal(HttpStatusCode.Found, (await idler.GetAsync("/secret")).Status);
        Assert.Equal(0, counting.SessionUnprotects);
    }

    [Fact]
    public async Task A_logged_out_copy_of_a_cached_session_is_refused()
    {
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var copy = app.NewBrowser();
        copy.Cookies[".Login.Session"] = browser.Cookies[".Login.Session"];
        Assert.Equal("secret of 1", (await copy.GetAsync("/secret")).Body);

        await browser.GetAsync("/logout");

        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
        Assert.Equal(0, counting.SessionUnprotects); // answered from the cache, and refused all the same
    }

    [Fact]
    public async Task Revoking_the_DataProtection_key_ends_sessions_the_cache_remembers()
    {
        // The test app's keys are DataProtection's key ring (in memory), so they can be revoked. (A folder of keys here
        // once raced DataProtection writing its next key into it as the folder was deleted.)
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // from the cache

        var keyManager = app.Services.GetRequiredService<IKeyManager>();
        foreach (var key in keyManager.GetAllKeys())
        {
            keyManager.RevokeKey(key.KeyId, "compromised");
        }

        // DataProtection itself keeps using its old key ring until a background refresh completes, so the
        // revocation takes effect within moments, not necessarily on the very next request. The cache must not
        // stretch that: without its key-ring watch this request would pass for as long as the entry is trusted.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var response = await browser.GetAsync("/secret");
        while (response.Status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            response = await browser.GetAsync("/secret");
        }

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret", response.Location);
    }

    [Fact]
    public async Task Anonymous_visitors_of_a_guarded_page_share_one_encrypted_login_message()
    {
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var first = app.NewBrowser();
        var second = app.NewBrowser();

        Assert.Equal(HttpStatusCode.Found, (await first.GetAsync("/secret")).Status);
        Assert.Equal(HttpStatusCode.Found, (await second.GetAsync("/secret")).Status);

        Assert.Equal(1, counting.SessionProtects);
        Assert.Equal("login form|message:Please log in to access this page.", (await first.GetAsync("/login")).Body);
        Assert.Equal("login form|message:Please log in to access this page.", (await second.GetAsync("/login")).Body);
        Assert.Equal("login form", (await second.GetAsync("/login")).Body);

        // Another message is another cookie; and a login never reuses anything.
        Assert.Equal("flashed", (await first.GetAsync("/flash?m=hi")).Body);
        Assert.Equal(2, counting.SessionProtects);
        await first.GetAsync("/login/1");
        await second.GetAsync("/login/1");
        Assert.Equal(4, counting.SessionProtects);
        Assert.NotEqual(first.Cookies[".Login.Session"], second.Cookies[".Login.Session"]);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_cached_cookie_is_refused_and_the_original_still_works()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var value = browser.Cookies[".Login.Session"];
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);

        foreach (var position in new[] { 0, value.Length / 2, value.Length - 1 })
        {
            var tampered = app.NewBrowser();
            tampered.Cookies[".Login.Session"] = value[..position] + (value[position] == 'A' ? 'B' : 'A') + value[(position + 1)..];
            Assert.Equal(HttpStatusCode.Found, (await tampered.GetAsync("/secret")).Status);
        }

        var extended = app.NewBrowser();
        extended.Cookies[".Login.Session"] = value + "A";
        Assert.Equal(HttpStatusCode.Found, (await extended.GetAsync("/secret")).Status);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task Session_protection_still_applies_to_a_cached_session()
    {
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Strong);
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "first-browser";
        await browser.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);

        var thief = app.NewBrowser();
        thief.Headers["User-Agent"] = "other-browser";
        thief.Cookies[".Login.Session"] = browser.Cookies[".Login.Session"];

        Assert.Equal(HttpStatusCode.Found, (await thief.GetAsync("/secret")).Status);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public void The_cache_stays_within_its_size_however_many_sessions_arrive()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.One);
        var cache = new SessionCookieCache(format, size: 16, keys: null, TimeProvider.System);
        for (var i = 0; i < 200; i++)
        {
            var cookie = format.Protect(NewSession(i.ToString()));
            cache.Remember(cookie, NewSession(i.ToString()));
            Assert.Equal(i.ToString(), cache.Read(cookie)?.UserId);
            Assert.Equal(i.ToString(), cache.Read(cookie)?.UserId);
            Assert.InRange(cache.Count, 1, 16);
        }

        Assert.Equal(16, cache.Count);
    }

    [Fact]
    public void A_session_seen_once_is_not_cached_and_one_seen_twice_is()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.One);
        var cache = new SessionCookieCache(format, size: 1000, keys: null, TimeProvider.System);
        var cookies = Enumerable.Range(0, 100).Select(i => format.Protect(NewSession(i.ToString()))).ToList();

        foreach (var cookie in cookies)
        {
            cache.Read(cookie);
        }

        Assert.Equal(0, cache.Count);
        Assert.All(cookies, cookie => Assert.Null(cache.Find(cookie)));

        foreach (var cookie in cookies)
        {
            cache.Read(cookie);
        }

        // The table of sightings is small and hashed, so now and then a sighting is forgotten; most get in.
        Assert.InRange(cache.Count, 90, 100);
        Assert.InRange(cookies.Count(cookie => cache.Find(cookie) is not null), 90, 100);
    }

    [Fact]
    public void A_cookie_this_process_wrote_is_cached_at_once()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.One);
        var cache = new SessionCookieCache(format, size: 1000, keys: null, TimeProvider.System);
        var session = NewSession("1");
        var cookie = format.Protect(session);

        cache.Remember(cookie, session);

        Assert.Equal("1", cache.Find(cookie)?.UserId);
    }

    [Fact]
    public void A_cached_session_is_shared_read_only_and_a_change_takes_a_copy()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.One);
        var clock = new Login.Testing.Time.ManualClock(); // never moves: the entry stays within its minute of trust
        var cache = new SessionCookieCache(format, size: 10, keys: null, clock);
        var cookie = format.Protect(NewSession("1"));
        cache.Read(cookie);
        cache.Read(cookie); // the second sighting: kept
        var shared = cache.Find(cookie)!;

        Assert.True(shared.IsShared);
        Assert.Same(shared, cache.Read(cookie)); // no copy for a request that changes nothing
        Assert.Throws<InvalidOperationException>(() => shared.Fresh = false);
        Assert.Throws<InvalidOperationException>(() => shared.LastSeen = clock.GetUtcNow());
        Assert.Throws<InvalidOperationException>(shared.ClearLogin);
        Assert.Throws<InvalidOperationException>(() => shared.AddFlash(new FlashMessage("info", "hello")));
        Assert.Throws<InvalidOperationException>(() => shared.TakeFlashes());

        var mine = shared.Copy();
        mine.Fresh = false;
        mine.ClearLogin();

        Assert.False(mine.IsShared);
        Assert.Equal("1", cache.Find(cookie)!.UserId);
        Assert.True(cache.Find(cookie)!.Fresh);
    }

    [Fact]
    public async Task What_one_request_changes_in_a_cached_session_never_shows_on_another_request_with_the_same_cookie()
    {
        // A cached session is one instance for every request that brings its cookie. Each change a request makes to its
        // session is made here through one copy of the cookie; the same cookie, sent again, must read as it was written.
        var counting = new CountingDataProtectionProvider(new EphemeralDataProtectionProvider());
        await using var app = await TestApp.StartAsync(
            o =>
            {
                o.SessionProtection = SessionProtection.Basic;
                o.IdleTimeout = TimeSpan.FromSeconds(40);
            },
            services: s => s.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(counting)));
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "first-browser";
        await browser.GetAsync("/login/1");
        var cookie = browser.Cookies[".Login.Session"];
        TestBrowser Copy(string userAgent)
        {
            var copy = app.NewBrowser();
            copy.Headers["User-Agent"] = userAgent;
            copy.Cookies[".Login.Session"] = cookie;
            return copy;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Copy("other-browser").GetAsync("/fresh")).Status); // session protection: not fresh (no refresh view: 401)
        Assert.Equal("flashed", (await Copy("first-browser").GetAsync("/flash?m=hello")).Body);
        app.Clock.Advance(TimeSpan.FromSeconds(21)); // past half the idle timeout: the next request touches its session
        Assert.Equal("secret of 1", (await Copy("first-browser").GetAsync("/secret")).Body);

        Assert.Equal("fresh secret of 1", (await Copy("first-browser").GetAsync("/fresh")).Body);
        Assert.Equal(string.Empty, (await Copy("first-browser").GetAsync("/flashes")).Body);
        app.Clock.Advance(TimeSpan.FromSeconds(20)); // 41 s after the login this cookie records, whatever a copy was touched to
        Assert.Equal(HttpStatusCode.Found, (await Copy("first-browser").GetAsync("/secret")).Status);
        Assert.Equal(0, counting.SessionUnprotects); // every request above was answered from the cache's one instance
    }

    [Fact]
    public void Sessions_with_flashes_or_a_next_are_not_cached()
    {
        var format = new SessionCookieFormat(new EphemeralDataProtectionProvider(), () => UserTypeFixtures.One);
        var cache = new SessionCookieCache(format, size: 10, keys: null, TimeProvider.System);
        var flashing = NewSession("1");
        flashing.AddFlash(new FlashMessage("info", "hello"));
        var withNext = NewSession("2");
        withNext.Next = "/somewhere";

        foreach (var session in new[] { flashing, withNext })
        {
            var cookie = format.Protect(session);
            cache.Remember(cookie, session);
            cache.Read(cookie);
            cache.Read(cookie);
        }

        Assert.Equal(0, cache.Count);
    }

    private static SessionState NewSession(string userId) => new()
    {
        UserId = userId,
        UserType = UserTypeFixtures.TestUser,
        SessionId = Guid.NewGuid(),
        IssuedAt = DateTimeOffset.UtcNow,
        LastSeen = DateTimeOffset.UtcNow,
        Fresh = true,
    };

    /// <summary>Counts how often session cookies go through DataProtection's Unprotect.</summary>
    private sealed class CountingDataProtectionProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        private int _sessionUnprotects;
        private int _sessionProtects;

        public int SessionUnprotects => Volatile.Read(ref _sessionUnprotects);

        public int SessionProtects => Volatile.Read(ref _sessionProtects);

        public IDataProtector CreateProtector(string purpose) => new Protector(this, inner.CreateProtector(purpose), purpose);

        private sealed class Protector(CountingDataProtectionProvider owner, IDataProtector inner, string purpose) : IDataProtector
        {
            public IDataProtector CreateProtector(string subPurpose) => new Protector(owner, inner.CreateProtector(subPurpose), subPurpose);

            public byte[] Protect(byte[] plaintext)
            {
                if (purpose.StartsWith("Login.SessionCookie", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref owner._sessionProtects);
                }

                return inner.Protect(plaintext);
            }

            public byte[] Unprotect(byte[] protectedData)
            {
                if (purpose.StartsWith("Login.SessionCookie", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref owner._sessionUnprotects);
                }

                return inner.Unprotect(protectedData);
            }
        }
    }
}
