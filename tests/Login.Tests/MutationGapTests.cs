using System.Net;
using Login.Sessions;
using Login.Sessions.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// Tests written for the mutation pass of issue 22 (docs/testing.md, "Mutation pass (issue 22)"): each one catches a
/// mutation of the session, remember or guard code that no other test caught, and is written from the attacker's side.
/// </summary>
public class MutationGapTests
{
    private const string Session = ".Login.Session";
    private const string Remember = "remember_token";

    /// <summary>
    /// A store's Theft verdict is final, whatever else its answer carries. The shipped stores hand back no token id with a
    /// theft, so the runtime refused a theft only because no id parsed; a store (the app's own, say) that hands back the
    /// family's current token id would have let the thief in. Catches: RememberRestorer taking Theft out of the refusal.
    /// </summary>
    [Fact]
    public async Task A_replayed_remember_cookie_is_refused_even_when_the_store_hands_back_a_token_id_with_its_theft_verdict()
    {
        var store = new TokenWithTheftStore();
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<ILoginSessionStore>(store));
        using var totals = new MeterTotals(app);
        var owner = app.NewBrowser();
        await owner.GetAsync("/login/1?remember=true");
        Assert.True(owner.Cookies.ContainsKey(Remember)); // kept by the jar, so the test below sends it
        var thief = app.NewBrowser();
        thief.Cookies[Remember] = owner.Cookies[Remember];
        owner.Cookies.Remove(Session);
        Assert.Equal("secret of 1", (await owner.GetAsync("/secret")).Body); // rotates the token: the thief's copy is old now

        app.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace
        var stolen = await thief.GetAsync("/secret");

        Assert.Equal(1, store.Thefts); // the store did judge it a theft, and answered with a token id anyway
        Assert.Equal(HttpStatusCode.Found, stolen.Status); // the thief gets the login page, not the secret
        Assert.NotEqual("secret of 1", stolen.Body);
        Assert.True(stolen.Cookie(Remember)!.Expires < app.Clock.GetUtcNow()); // and the replayed cookie is deleted
        Assert.Equal(1, totals["login.remember_token_thefts"]);
    }

    /// <summary>
    /// ConfirmLoginAsync vouches only for a login the request could vouch for: while the store is out of reach for too
    /// long, the session cookie still names a user but nothing vouches that its login did not end elsewhere, so it cannot
    /// be made fresh (and stays non-fresh once the store is back). Catches: LoginLifecycle.ConfirmLoginAsync dropping its
    /// <c>UserFromLogin</c> check.
    /// </summary>
    [Fact]
    public async Task ConfirmLoginAsync_does_not_make_fresh_a_login_the_store_could_not_vouch_for()
    {
        var store = new SwitchableStore();
        await using var app = await TestApp.StartAsync(o => o.SessionStoreMaxStaleness = TimeSpan.FromSeconds(1),
            services: s => s.AddSingleton<ILoginSessionStore>(store));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");
        Assert.Equal(HttpStatusCode.OK, await StatusOnceAsync(browser, HttpStatusCode.OK)); // once the store has vouched at all
        Assert.Equal("1 fresh=False", (await browser.GetAsync("/whoami")).Body);

        store.Down = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOnceAsync(browser, HttpStatusCode.ServiceUnavailable));
        string? confirmed;
        try
        {
            confirmed = (await browser.GetAsync("/confirm")).Body;
        }
        catch (InvalidOperationException)
        {
            confirmed = null; // the test server hands the app's exception to the caller
        }

        Assert.NotEqual("confirmed", confirmed);

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, await StatusOnceAsync(browser, HttpStatusCode.OK));
        Assert.Equal("1 fresh=False", (await browser.GetAsync("/whoami")).Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);

        // No timing asserted: the poll decides when the instance counts as stale or back; the test only waits for it.
        static async Task<HttpStatusCode> StatusOnceAsync(TestBrowser browser, HttpStatusCode wanted)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            HttpStatusCode status;
            do
            {
                status = (await browser.GetAsync("/secret")).Status;
                if (status != wanted)
                {
                    await Task.Delay(100);
                }
            }
            while (status != wanted && DateTime.UtcNow < deadline);

            return status;
        }
    }

    /// <summary>
    /// A remember cookie whose login ended is no remember cookie, even beside a live session of the same user: logging in
    /// again without "remember me" ends the old login, whose remember cookie the browser still holds, and that cookie
    /// must neither count as remembered nor be renewed. Catches: RequestCookies.TryReadRemember skipping the ended check
    /// (the store would still refuse a restore from it, so only this read shows it).
    /// </summary>
    [Fact]
    public async Task A_remember_cookie_of_an_ended_login_is_neither_remembered_nor_renewed_beside_a_new_login()
    {
        await using var app = await TestApp.StartAsync(o => o.RememberCookieRefreshEachRequest = true);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.Equal("remembered", (await browser.GetAsync("/remembered")).Body);

        await browser.GetAsync("/login/1"); // again, without remember: the first login ends
        Assert.True(browser.Cookies.ContainsKey(Remember)); // the old remember cookie is still sent

        var response = await browser.GetAsync("/remembered");
        Assert.Equal("not remembered", response.Body);
        Assert.True(response.Cookie(Remember) is not { } renewed || renewed.Expires < app.Clock.GetUtcNow());
    }

    /// <summary>
    /// A login made while the user had no session stamp (no password yet, say) ends once the user gets one: a cookie
    /// without a stamp is not a wildcard. Catches: SessionStamps.Match accepting any user when the cookie kept no stamp.
    /// </summary>
    [Fact]
    public async Task A_login_made_while_the_user_had_no_stamp_ends_when_the_user_gets_one()
    {
        await using var app = await TestApp.StartAsync();
        app.Directory.Users[1].PasswordHash = null!; // no password yet: no stamp
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.True(browser.Cookies.ContainsKey(Remember)); // kept by the jar, so the test below sends it
        var copy = browser.Cookies[Remember];

        app.Directory.Users[1].PasswordHash = "hash-2"; // the first password: every earlier login ends

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
        var restoring = app.NewBrowser();
        restoring.Cookies[Remember] = copy;
        Assert.Equal(HttpStatusCode.Found, (await restoring.GetAsync("/secret")).Status);
    }

    /// <summary>
    /// Under basic protection, a user who moved (another User-Agent or network) and confirmed their password is fresh on
    /// the next request: the confirmation binds the session to the client it was made from. Catches: ConfirmLoginAsync
    /// keeping the old client identifier (each later request would be "another client" again, so fresh never sticks).
    /// </summary>
    [Fact]
    public async Task After_basic_protection_a_confirmed_login_stays_fresh_on_the_client_that_confirmed_it()
    {
        await using var app = await TestApp.StartAsync(o => o.SessionProtection = SessionProtection.Basic);
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        await browser.GetAsync("/login/1");
        browser.Headers["User-Agent"] = "Browser B";
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status); // marked non-fresh

        Assert.Equal("confirmed", (await browser.GetAsync("/confirm")).Body);

        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
    }

    /// <summary>
    /// A browser whose session cookie and remember cookie belong to two different logins (cookies copied between browser
    /// profiles or synced from another device, or one planted by someone else) logs out: both logins end, so a copy of
    /// that remember cookie kept anywhere restores nobody. Catches: LoginLifecycle.EndFamiliesOfThisBrowserAsync ending the
    /// remember cookie's login only when it is the session's (<c>!=</c> → <c>==</c>; mutation 10 of docs/testing.md).
    /// </summary>
    [Fact]
    public async Task Logout_ends_the_remember_cookies_login_too_when_it_is_not_the_sessions()
    {
        await using var app = await TestApp.StartAsync();
        var (browser, copy) = await BrowserWithTwoLoginsAsync(app);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // the session's login, the remember cookie unused

        Assert.Equal("logged out", (await browser.GetAsync("/logout")).Body);

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
    }

    /// <summary>
    /// The same browser logs in again instead: the two logins its cookies pointed to both end, as on logout. Catches the
    /// same mutation on the login path.
    /// </summary>
    [Fact]
    public async Task A_new_login_ends_the_remember_cookies_login_too_when_it_is_not_the_sessions()
    {
        await using var app = await TestApp.StartAsync();
        var (browser, copy) = await BrowserWithTwoLoginsAsync(app);

        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);

        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // the new login
        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status);
    }

    /// <summary>
    /// User 1 logs in twice with "remember me", in two browsers; the first browser then holds its own session cookie and
    /// the second login's remember cookie. Also returns a browser holding only a copy of that remember cookie, checked to
    /// restore the second login before anything else happens (so a refusal later is the ending, not a bad copy).
    /// </summary>
    private static async Task<(TestBrowser Browser, TestBrowser Copy)> BrowserWithTwoLoginsAsync(TestApp app)
    {
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1?remember=true")).Body);
        var other = app.NewBrowser();
        Assert.Equal("logged in", (await other.GetAsync("/login/1?remember=true")).Body);
        Assert.True(browser.Cookies.ContainsKey(Session) && other.Cookies.ContainsKey(Remember)); // kept by the jars
        Assert.NotEqual(browser.Cookies[Remember], other.Cookies[Remember]);
        browser.Cookies[Remember] = other.Cookies[Remember];

        var probe = app.NewBrowser();
        probe.Cookies[Remember] = other.Cookies[Remember];
        Assert.Equal("secret of 1", (await probe.GetAsync("/secret")).Body); // restores the second login (and rotates its token)
        var copy = app.NewBrowser();
        copy.Cookies[Remember] = probe.Cookies[Remember];
        return (browser, copy);
    }

    /// <summary>
    /// A session is over the instant its idle timeout runs out, as it is the instant its lifetime does: idle for exactly
    /// <c>IdleTimeout</c> is too long (the cookie keeps whole seconds, and the clock here moves in whole seconds, so the
    /// instant is exact). Catches: RequestCookies.IsLive's idle comparison <c>&gt;</c> → <c>&gt;=</c>.
    /// </summary>
    [Fact]
    public async Task A_session_idle_for_exactly_its_idle_timeout_is_over()
    {
        await using var app = await TestApp.StartAsync(o => o.IdleTimeout = TimeSpan.FromMinutes(30));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var copy = app.NewBrowser();
        copy.Cookies[Session] = browser.Cookies[Session];

        app.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // a second short: still live

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Found, (await copy.GetAsync("/secret")).Status); // the copy was last seen at login
    }

    /// <summary>
    /// A remember cookie is refused from the second its payload says it expires (the browser's <c>Expires</c> says the
    /// same instant): a browser that keeps sending it gets nobody. Catches: RememberCookieFormat's expiry comparison
    /// <c>&lt;=</c> → <c>&lt;</c>.
    /// </summary>
    [Fact]
    public async Task A_remember_cookie_is_refused_from_the_second_it_expires()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey(Remember)); // kept by the jar, so the test below reads it
        // The app's own format: it knows the app's user types, so the token read back still names its login's type.
        var format = app.Services.GetRequiredService<LoginService>().RememberFormat;
        Assert.True(format.TryUnprotect(browser.Cookies[Remember], app.Clock.GetUtcNow(), out var token));
        var now = app.Clock.GetUtcNow();

        var expiring = app.NewBrowser();
        expiring.Cookies[Remember] = format.Protect(token with { ExpiresAt = now });
        var control = app.NewBrowser();
        control.Cookies[Remember] = format.Protect(token with { ExpiresAt = now + TimeSpan.FromSeconds(1) });

        Assert.Equal(HttpStatusCode.Found, (await expiring.GetAsync("/secret")).Status);
        Assert.Equal("secret of 1", (await control.GetAsync("/secret")).Body); // one second later it still restores
    }

    /// <summary>
    /// With <c>RememberCookieRefreshEachRequest</c>, only the logged-in user's own remember cookie is renewed: a browser
    /// logged in as user 1 that also carries user 3's remember cookie (copied in, or planted) does not get user 3's login
    /// kept alive by user 1's requests. Catches: UserResolver.RefreshRememberCookie dropping its <c>token.UserId ==
    /// userId</c> check.
    /// </summary>
    [Fact]
    public async Task Refreshing_each_request_never_renews_another_users_remember_cookie()
    {
        await using var app = await TestApp.StartAsync(o => o.RememberCookieRefreshEachRequest = true);
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        var other = app.NewBrowser();
        Assert.Equal("logged in", (await other.GetAsync("/login/3?remember=true")).Body);
        Assert.True(other.Cookies.ContainsKey(Remember)); // kept by the jar, so the test below sends it
        browser.Cookies[Remember] = other.Cookies[Remember];
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await browser.GetAsync("/secret");

        Assert.Equal("secret of 1", response.Body);
        Assert.Null(response.Cookie(Remember)); // neither renewed nor touched
        Assert.Equal("not remembered", (await browser.GetAsync("/remembered")).Body);
        var own = app.NewBrowser(); // the control: user 3's own requests do renew it
        own.Cookies[Session] = other.Cookies[Session];
        own.Cookies[Remember] = other.Cookies[Remember];
        Assert.True((await own.GetAsync("/secret")).Cookie(Remember)?.Expires > app.Clock.GetUtcNow());
    }

    /// <summary>
    /// The same with one user: a browser logged in as user 1 that carries the remember cookie of another login of user 1
    /// (another device's, copied in or planted) does not keep that other login alive by its requests. Only the remember
    /// cookie of the session's own login (its family) is renewed.
    /// </summary>
    [Fact]
    public async Task Refreshing_each_request_never_renews_the_remember_cookie_of_another_login_of_the_same_user()
    {
        await using var app = await TestApp.StartAsync(o => o.RememberCookieRefreshEachRequest = true);
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        var otherDevice = app.NewBrowser();
        Assert.Equal("logged in", (await otherDevice.GetAsync("/login/1?remember=true")).Body);
        Assert.True(otherDevice.Cookies.ContainsKey(Remember)); // kept by the jar, so the test below sends it
        browser.Cookies[Remember] = otherDevice.Cookies[Remember];
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await browser.GetAsync("/secret");

        Assert.Equal("secret of 1", response.Body);
        Assert.Null(response.Cookie(Remember)); // neither renewed nor touched
        var own = app.NewBrowser(); // the control: the other device's own requests do renew it
        own.Cookies[Session] = otherDevice.Cookies[Session];
        own.Cookies[Remember] = otherDevice.Cookies[Remember];
        Assert.True((await own.GetAsync("/secret")).Cookie(Remember)?.Expires > app.Clock.GetUtcNow());
    }

    /// <summary>The in-memory store, except that a theft verdict comes back with the family's current token id.</summary>
    private sealed class TokenWithTheftStore : ILoginSessionStore
    {
        private readonly InMemoryLoginSessionStore _inner = new();
        private int _thefts;

        public int Thefts => Volatile.Read(ref _thefts);

        public async Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
            DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
        {
            var before = await _inner.FindAsync(familyId, cancellationToken);
            var rotation = await _inner.RotateRememberTokenAsync(familyId, presentedTokenId, newTokenId, now, grace, cancellationToken);
            if (rotation.Outcome != RememberTokenRotationOutcome.Theft)
            {
                return rotation;
            }

            Interlocked.Increment(ref _thefts);
            return rotation with { TokenId = before?.RememberTokenId };
        }

        public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken) => _inner.CreateAsync(family, cancellationToken);

        public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) => _inner.FindAsync(familyId, cancellationToken);

        public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
            _inner.ListLiveAsync(userType, userId, now, cancellationToken);

        public Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
            _inner.EndAsync(familyId, now, cancellationToken);

        public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
            CancellationToken cancellationToken) =>
            _inner.EndAllAsync(userType, userId, exceptFamilyId, now, cancellationToken);

        public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken) =>
            _inner.TouchAsync(touches, cancellationToken);

        public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken) =>
            _inner.GetEndedSinceAsync(cursor, limit, cancellationToken);

        public IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync(CancellationToken cancellationToken) =>
            _inner.WatchEndingsAsync(cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
            _inner.PruneAsync(expiredBefore, endedBefore, cancellationToken);
    }
}
