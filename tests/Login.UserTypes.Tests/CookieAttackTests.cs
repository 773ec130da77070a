using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Login.CompilerServices;
using Login.Cookies;
using Login.Sessions;
using Login.Sessions.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.UserTypes.Tests;

/// <summary>
/// Cookies whose user type does not fit (SPEC §10, issue 18's attacker tests): a key naming a type this app does not
/// have (renamed or removed between deploys), a remember cookie whose login the store says is of the other type, and
/// cookies written before Login kept types. Each is sealed with the app's own keys, so nothing but its user type is
/// wrong; each ends anonymous or refused, logged, and never a 500, and never as the other type's user.
/// </summary>
public sealed class CookieAttackTests
{
    private const string SessionCookie = IdentityTests.SessionCookie;
    private const string RememberCookie = IdentityTests.RememberCookie;

    [Theory]
    [InlineData("staff")] // a type removed since the login
    [InlineData("Admin")] // the admin type under the name it had before it got the key "admin"
    public async Task A_session_cookie_naming_a_user_type_the_app_does_not_have_is_anonymous_deleted_and_logged(string key)
    {
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        jar.Cookies[SessionCookie] = SealedCookies.SealSession(app, LoggedIn("5", Foreign(key)));

        using var me = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("anonymous", await me.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SessionCookie, jar.Cookies.Keys); // deleted, not read again and again

        jar.Cookies[SessionCookie] = SealedCookies.SealSession(app, LoggedIn("5", Foreign(key)));
        using var guarded = await browser.GetAsync("/any");
        Assert.Equal(HttpStatusCode.Found, guarded.StatusCode);

        var warning = Assert.Single(logs.Of(80).Distinct());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"\"{key}\"", warning.Message, StringComparison.Ordinal);
        Assert.Contains("renamed or removed", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("Admin")]
    public async Task A_remember_cookie_naming_a_user_type_the_app_does_not_have_restores_nobody_and_is_deleted(string key)
    {
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, key);
        jar.Cookies[RememberCookie] = SealedCookies.SealRemember(app, Token(app, familyId, tokenId, Foreign(key)));

        using var me = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("anonymous", await me.Content.ReadAsStringAsync());
        Assert.DoesNotContain(RememberCookie, jar.Cookies.Keys);
        Assert.DoesNotContain(SessionCookie, jar.Cookies.Keys);
        var warning = Assert.Single(logs.Of(81));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"\"{key}\"", warning.Message, StringComparison.Ordinal);
        Assert.Contains(FamilyIds.ToText(familyId), warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Customer", "admin")] // a customer's remember cookie, its login switched to "admin" in the store
    [InlineData("admin", "Customer")]
    public async Task A_remember_cookie_whose_login_the_store_records_as_the_other_type_restores_nobody(string cookieType, string storeType)
    {
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, storeType);
        jar.Cookies[RememberCookie] = SealedCookies.SealRemember(app, Token(app, familyId, tokenId, Known(app, cookieType)));

        using var me = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("anonymous", await me.Content.ReadAsStringAsync()); // neither Carol nor Alice
        Assert.DoesNotContain(RememberCookie, jar.Cookies.Keys);
        var refusal = Assert.Single(logs.Of(82));
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Contains(FamilyIds.ToText(familyId), refusal.Message, StringComparison.Ordinal);
        Assert.Contains(storeType, refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Customer", "customer 5 Carol (customer 5)")]
    [InlineData("admin", "admin 5 Alice (admin 5)")]
    public async Task A_remember_cookie_whose_login_the_store_records_as_its_own_type_restores_that_user(string type, string restored)
    {
        // The control for the test above: the same cookie, the same family, the types agreeing.
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, type);
        jar.Cookies[RememberCookie] = SealedCookies.SealRemember(app, Token(app, familyId, tokenId, Known(app, type)));

        Assert.Equal(restored, await browser.GetStringAsync("/me"));
        Assert.Empty(logs.Of(82));
    }

    [Fact]
    public async Task A_key_less_session_cookie_from_before_user_types_is_the_only_type_s_login()
    {
        await using var app = await StartAsync(new LogRecorder(), o => o.UserType = typeof(Customer));
        using var browser = app.NewBrowser(out var jar);
        jar.Cookies[SessionCookie] = SealedCookies.SealSession(app, LoggedIn("5", userType: null));

        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
    }

    [Fact]
    public async Task A_key_less_session_cookie_from_before_user_types_is_refused_when_the_app_has_two()
    {
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        jar.Cookies[SessionCookie] = SealedCookies.SealSession(app, LoggedIn("5", userType: null));

        using var me = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("anonymous", await me.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SessionCookie, jar.Cookies.Keys);
        var warning = Assert.Single(logs.Of(80));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("(none recorded)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("has several", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_less_remember_cookie_from_before_user_types_restores_the_only_type_s_user()
    {
        // Version 3 of the remember cookie, and a family recorded with no type: both from before Login kept types.
        await using var app = await StartAsync(new LogRecorder(), o => o.UserType = typeof(Customer));
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, userType: null);
        jar.Cookies[RememberCookie] = SealedCookies.SealKeylessRemember(app, Token(app, familyId, tokenId, userType: null));

        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
        // The session it restored, and the rotated remember cookie, now record the type.
        Assert.Equal("Customer", SealedCookies.Session(app, jar).UserType?.Key);
        Assert.Equal("Customer", SealedCookies.Remember(app, jar).UserType?.Key);
    }

    [Fact]
    public async Task A_key_less_remember_cookie_from_before_user_types_restores_nobody_when_the_app_has_two()
    {
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, userType: null);
        jar.Cookies[RememberCookie] = SealedCookies.SealKeylessRemember(app, Token(app, familyId, tokenId, userType: null));

        using var me = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("anonymous", await me.Content.ReadAsStringAsync());
        Assert.DoesNotContain(RememberCookie, jar.Cookies.Keys);
        var warning = Assert.Single(logs.Of(81));
        Assert.Contains("(none recorded)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_remember_cookie_whose_family_has_no_type_restores_nobody_when_the_app_has_two()
    {
        // A family recorded before types has no owner type once the app has two: the cookie's claim cannot be checked.
        var logs = new LogRecorder();
        await using var app = await StartAsync(logs);
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, userType: null);
        jar.Cookies[RememberCookie] = SealedCookies.SealRemember(app, Token(app, familyId, tokenId, Known(app, "admin")));

        Assert.Equal("anonymous", await browser.GetStringAsync("/me"));
        Assert.Single(logs.Of(82));
    }

    [Fact]
    public async Task A_typed_remember_cookie_whose_family_has_no_type_restores_the_only_type_s_user()
    {
        await using var app = await StartAsync(new LogRecorder(), o => o.UserType = typeof(Customer));
        using var browser = app.NewBrowser(out var jar);
        var (familyId, tokenId) = await RememberedFamilyAsync(app, userType: null);
        jar.Cookies[RememberCookie] = SealedCookies.SealRemember(app, Token(app, familyId, tokenId, Known(app, "Customer")));

        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
    }

    [Fact]
    public async Task A_login_made_under_one_deploy_s_key_is_refused_by_a_deploy_that_knows_the_type_by_another()
    {
        // Two deploys sharing their keys: the first still had the admin type under the key "Admin" (its class name),
        // the second has [LoginUser("admin")]. The first deploy's login reaches the second: anonymous, not Customer 5.
        var keys = Directory.CreateTempSubdirectory("login-usertypes-keys");
        try
        {
            var logs = new LogRecorder();
            await using var first = await StartAsync(new LogRecorder(), keys: keys);
            var cookie = SealedCookies.SealSession(first, LoggedIn("5", Foreign("Admin")));
            await using var second = await StartAsync(logs, keys: keys);
            using var browser = second.NewBrowser(out var jar);
            jar.Cookies[SessionCookie] = cookie;

            Assert.Equal("anonymous", await browser.GetStringAsync("/me"));
            Assert.Contains("\"Admin\"", Assert.Single(logs.Of(80)).Message, StringComparison.Ordinal);

            // And the cookie is genuine for that key ring: the same session naming a type the app has is read.
            jar.Cookies[SessionCookie] = SealedCookies.SealSession(first, LoggedIn("5", Known(first, "admin")));
            Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static Task<UserTypesApp> StartAsync(LogRecorder logs, Action<LoginOptions>? configure = null, DirectoryInfo? keys = null) =>
        UserTypesApp.StartAsync(IdentityTests.Map, configure, services: s => s.AddSingleton<ILoggerProvider>(logs), keys: keys,
            login: l => l.AddSessionStore(_ => new UntypedFamilies(new InMemoryLoginSessionStore())));

    /// <summary>A user type this app does not have: what a cookie of a renamed or removed type records.</summary>
    private static LoginUserType Foreign(string key) => new(key, typeof(Admin), user: null, request: [], header: []);

    private static LoginUserType Known(UserTypesApp app, string key) =>
        SealedCookies.Service(app).UserTypes.Find(key) ?? throw new InvalidOperationException($"The app has no user type {key}.");

    private static SessionState LoggedIn(string userId, LoginUserType? userType) => new()
    {
        UserId = userId,
        UserType = userType,
        SessionId = FamilyIds.New(),
        IssuedAt = ManualClock.Start,
        LastSeen = ManualClock.Start,
        Fresh = true,
    };

    private static RememberToken Token(UserTypesApp app, Guid familyId, Guid tokenId, LoginUserType? userType) =>
        new("5", familyId, tokenId, app.Clock.GetUtcNow().AddDays(30), TimeSpan.FromDays(30), Stamp: null) { UserType = userType };

    /// <summary>
    /// A live remembered login of user 5 in the app's store, recorded as of <paramref name="userType"/>, or of none: a
    /// row from before the stores' schema recorded types, which a store returns with no type (see <see cref="UntypedFamilies"/>).
    /// </summary>
    private static async Task<(Guid FamilyId, Guid TokenId)> RememberedFamilyAsync(UserTypesApp app, string? userType)
    {
        var familyId = FamilyIds.New();
        var tokenId = FamilyIds.New();
        var now = app.Clock.GetUtcNow();
        var store = (UntypedFamilies)app.Services.GetRequiredService<ILoginSessionStore>();
        if (userType is null)
        {
            store.Untyped.Add(FamilyIds.ToText(familyId));
        }

        await store.CreateAsync(new LoginFamily
        {
            Id = FamilyIds.ToText(familyId),
            UserId = "5",
            UserType = userType ?? "Customer", // what the row held is unknown to the store's reader: see Untyped
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddDays(30),
            Remembered = true,
            RememberTokenId = FamilyIds.ToText(tokenId),
        }, CancellationToken.None);
        return (familyId, tokenId);
    }

    /// <summary>
    /// The in-memory store, answering for the families in <see cref="Untyped"/> as a database store answers for a row
    /// written before its schema had a user type column (<see cref="LoginFamily.UserType"/> null). The in-memory store
    /// itself never holds such a family: it starts empty with every start.
    /// </summary>
    private sealed class UntypedFamilies(ILoginSessionStore inner) : ILoginSessionStore
    {
        public HashSet<string> Untyped { get; } = [];

        private LoginFamily? Strip(LoginFamily? family) =>
            family is not null && Untyped.Contains(family.Id) ? family with { UserType = null } : family;

        public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken) => inner.CreateAsync(family, cancellationToken);

        public async Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) =>
            Strip(await inner.FindAsync(familyId, cancellationToken));

        public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.ListLiveAsync(userType, userId, now, cancellationToken);

        public Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken) => inner.EndAsync(familyId, now, cancellationToken);

        public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.EndAllAsync(userType, userId, exceptFamilyId, now, cancellationToken);

        public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken) => inner.TouchAsync(touches, cancellationToken);

        public async Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
            DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
        {
            var rotation = await inner.RotateRememberTokenAsync(familyId, presentedTokenId, newTokenId, now, grace, cancellationToken);
            return rotation with { Family = Strip(rotation.Family) };
        }

        public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken) =>
            inner.GetEndedSinceAsync(cursor, limit, cancellationToken);

        public IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync(CancellationToken cancellationToken) => inner.WatchEndingsAsync(cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
            inner.PruneAsync(expiredBefore, endedBefore, cancellationToken);
    }

    /// <summary>What the "Login" logger writes: event id, level and message.</summary>
    private sealed class LogRecorder : ILoggerProvider
    {
        private readonly ConcurrentQueue<(int Id, LogLevel Level, string Message)> _entries = new();

        public IEnumerable<(LogLevel Level, string Message)> Of(int eventId) =>
            _entries.Where(e => e.Id == eventId).Select(e => (e.Level, e.Message)).ToList();

        public ILogger CreateLogger(string categoryName) =>
            categoryName == "Login" ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(LogRecorder recorder) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                recorder._entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>
/// Reads and seals Login's cookies with an app's own keys and formats, for tests that look inside a cookie or present
/// one whose content they chose.
/// </summary>
internal static class SealedCookies
{
    public static LoginService Service(UserTypesApp app) => app.Services.GetRequiredService<LoginService>();

    /// <summary>The session in the jar's session cookie.</summary>
    public static SessionState Session(UserTypesApp app, CookieJar jar) =>
        Service(app).SessionFormat.Unprotect(jar.Cookies[IdentityTests.SessionCookie])
        ?? throw new InvalidOperationException("The session cookie is not one of this app's.");

    /// <summary>The token in the jar's remember cookie.</summary>
    public static RememberToken Remember(UserTypesApp app, CookieJar jar) =>
        Service(app).RememberFormat.Read(jar.Cookies[IdentityTests.RememberCookie], app.Clock.GetUtcNow(), out var token, out _) == RememberCookieRefusal.None
            ? token
            : throw new InvalidOperationException("The remember cookie is not a valid one of this app's.");

    public static string SealSession(UserTypesApp app, SessionState session) => Service(app).SessionFormat.Protect(session);

    public static string SealRemember(UserTypesApp app, RememberToken token) => Service(app).RememberFormat.Protect(token);

    /// <summary>
    /// A remember cookie as Login wrote it before it kept user types (version 3: no key), built byte by byte here so the
    /// old layout is pinned by the test, not by the code under test.
    /// </summary>
    public static string SealKeylessRemember(UserTypesApp app, RememberToken token)
    {
        var userId = Encoding.UTF8.GetBytes(token.UserId);
        var payload = new byte[1 + 8 + 16 + 16 + 8 + 1 + 8 + userId.Length];
        payload[0] = 3;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), token.ExpiresAt.ToUnixTimeSeconds());
        token.FamilyId.TryWriteBytes(payload.AsSpan(9));
        token.TokenId.TryWriteBytes(payload.AsSpan(25));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(41), (long)token.Lifetime.TotalSeconds);
        payload[49] = 0; // no stamp; the 8 stamp bytes stay zero
        userId.CopyTo(payload.AsSpan(58));
        var protection = Login.Sessions.Store.LoginApplication.CookieProtection(
            app.Services.GetRequiredService<IDataProtectionProvider>(), Service(app).Options);
        return Base64Url.EncodeToString(protection.CreateProtector("Login.RememberCookie.v3").Protect(payload));
    }
}
