using Login.Cookies;
using Login.Sessions;
using Login.Sessions.Request;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Login.Tests;

/// <summary>
/// The part of a request's login that reads the cookies (<see cref="RequestCookies"/>): what it makes of tampered,
/// doubled, expired and ended cookies, without a response or a pipeline. The HTTP-level tests (SessionTests,
/// DuplicateCookieTests, RememberCookieTests) show the same through a real request.
/// </summary>
public sealed class RequestCookiesTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly LogCollector _logs = new();
    private readonly ServiceProvider _provider;
    private readonly LoginService _service;

    public RequestCookiesTests()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogin(o =>
        {
            o.UserType = typeof(TestUser);
            o.IdleTimeout = TimeSpan.FromMinutes(30);
        });
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()));
        _provider = services.BuildServiceProvider();
        _service = _provider.GetRequiredService<LoginService>();
    }

    private string SessionName => _service.Options.SessionCookie.Name!;

    private string RememberName => _service.Options.RememberCookie.Name!;

    public void Dispose() => _provider.Dispose();

    [Fact]
    public void No_cookie_reads_as_no_session_and_nothing_to_delete()
    {
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request(""));

        Assert.Null(read.Session);
        Assert.False(read.Sent);
        Assert.False(read.Refused);
        Assert.Empty(_logs.Messages);
    }

    [Fact]
    public void A_good_session_cookie_reads_as_its_session()
    {
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={SessionCookie(LoggedIn())}"));

        Assert.Equal("7", read.Session?.UserId);
        Assert.True(read.Sent);
        Assert.False(read.Refused);
    }

    [Fact]
    public void A_tampered_session_cookie_is_refused_and_to_be_deleted()
    {
        var cookie = SessionCookie(LoggedIn());
        var tampered = cookie[..^3] + (cookie[^3] == 'A' ? 'B' : 'A') + cookie[^2..];
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={tampered}"));

        Assert.Null(read.Session);
        Assert.True(read.Refused);
        Assert.Contains(_logs.Messages, m => m.Contains("unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_copies_of_the_session_cookie_are_no_session_and_none_is_deleted()
    {
        var good = SessionCookie(LoggedIn());
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={good}; {SessionName}={good}"));

        Assert.Null(read.Session);
        Assert.False(read.Sent); // deleting the app's copy would leave a planted one alone, and trusted
        Assert.Contains(_logs.Messages, m => m.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_session_past_its_idle_timeout_or_lifetime_or_of_an_ended_login_is_refused()
    {
        var idle = LoggedIn();
        idle.IssuedAt = idle.LastSeen = _clock.GetUtcNow().AddMinutes(-31);
        var old = LoggedIn();
        old.IssuedAt -= _service.Options.SessionLifetime;
        old.LastSeen = _clock.GetUtcNow();
        var ended = LoggedIn();
        _service.Families.Ended.Add(ended.SessionId, _clock.GetUtcNow().AddDays(1));

        foreach (var (what, session) in new[] { ("idle", idle), ("old", old), ("ended", ended) })
        {
            var cookies = new RequestCookies();
            var read = ReadSession(ref cookies, Request($"{SessionName}={SessionCookie(session)}"));
            Assert.True(read.Refused, what);
        }

        Assert.Equal(3, _logs.Messages.Count(m => m.Contains("expired or revoked", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_session_with_only_flashes_never_expires()
    {
        var flashes = new SessionState { SessionId = FamilyIds.New(), IssuedAt = _clock.GetUtcNow().AddYears(-1), LastSeen = _clock.GetUtcNow().AddYears(-1) };
        flashes.AddFlash(new FlashMessage("message", "hello"));
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={SessionCookie(flashes)}"));

        Assert.True(read.Session?.HasFlashes);
    }

    [Fact]
    public void The_session_cookie_is_read_once_a_request()
    {
        var context = Request($"{SessionName}={SessionCookie(LoggedIn())}");
        var cookies = new RequestCookies();
        Assert.False(cookies.SessionRead);

        Assert.True(cookies.TryReadSession(context, _service, out var first));
        Assert.True(cookies.SessionRead);
        Assert.NotNull(first.Session);

        // The session now belongs to whoever took it (and may have changed): a second reading is refused, not stale.
        Assert.False(cookies.TryReadSession(context, _service, out var second));
        Assert.Null(second.Session);
        Assert.False(second.Sent);
    }

    [Fact]
    public void A_session_cookie_naming_a_user_type_the_app_does_not_have_is_refused_and_its_key_logged()
    {
        var session = LoggedIn();
        session.UserType = UserTypeFixtures.Admin; // this app has only TestUser
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={SessionCookie(session)}"));

        Assert.Null(read.Session);
        Assert.True(read.Refused); // to be deleted
        Assert.Single(_logs.Messages, m => m.Contains("user type \"admin\"", StringComparison.Ordinal) && m.Contains("renamed or removed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_less_session_cookie_is_the_only_user_type_s()
    {
        var cookies = new RequestCookies();

        var read = ReadSession(ref cookies, Request($"{SessionName}={SessionCookie(LoggedIn())}"));

        Assert.Same(_service.UserTypes.Legacy, read.Session?.UserType);
        Assert.Empty(_logs.Messages);
    }

    [Fact]
    public void A_remember_cookie_naming_a_user_type_the_app_does_not_have_is_no_token_said_once()
    {
        var token = Token() with { UserType = UserTypeFixtures.Admin };
        var context = Request($"{RememberName}={_service.RememberFormat.Protect(token)}");
        var cookies = new RequestCookies();

        Assert.False(cookies.TryReadRemember(context, _service, out _));
        Assert.False(cookies.TryReadRemember(context, _service, out _));

        Assert.True(cookies.RememberOfUnknownType);
        Assert.Single(_logs.Messages, m => m.Contains("user type \"admin\"", StringComparison.Ordinal)
            && m.Contains(FamilyIds.ToText(token.FamilyId), StringComparison.Ordinal));
    }

    [Fact]
    public void A_good_remember_cookie_reads_as_its_token()
    {
        var token = Token();
        var cookies = new RequestCookies();

        Assert.True(cookies.TryReadRemember(Request($"{RememberName}={_service.RememberFormat.Protect(token)}"), _service, out var read));

        Assert.Equal(token.FamilyId, read.FamilyId);
        Assert.Equal("7", read.UserId);
        Assert.Same(_service.UserTypes.All[0], read.UserType);
        Assert.False(cookies.RememberOfUnknownType);
    }

    [Fact]
    public void A_tampered_expired_or_doubled_remember_cookie_is_no_token()
    {
        var good = _service.RememberFormat.Protect(Token());
        var tampered = good[..^3] + (good[^3] == 'A' ? 'B' : 'A') + good[^2..];
        var expired = _service.RememberFormat.Protect(Token() with { ExpiresAt = _clock.GetUtcNow().AddSeconds(-1) });

        foreach (var header in new[] { $"{RememberName}={tampered}", $"{RememberName}={expired}", $"{RememberName}={good}; {RememberName}={good}", "" })
        {
            var cookies = new RequestCookies();
            Assert.False(cookies.TryReadRemember(Request(header), _service, out _), header);
        }
    }

    [Fact]
    public void A_remember_cookie_is_verified_at_each_read_and_its_refusal_said_once()
    {
        var token = Token();
        var context = Request($"{RememberName}={_service.RememberFormat.Protect(token)}");
        var cookies = new RequestCookies();
        Assert.True(cookies.TryReadRemember(context, _service, out _));

        // This very request ended the login (a logout): the same cookie no longer counts.
        _service.Families.Ended.Add(token.FamilyId, token.ExpiresAt);
        Assert.False(cookies.TryReadRemember(context, _service, out _));
        Assert.False(cookies.TryReadRemember(context, _service, out _));

        Assert.Single(_logs.Messages, m => m.Contains("its login ended", StringComparison.Ordinal));
    }

    [Fact]
    public void Whether_a_remember_cookie_came_is_told_without_reading_it()
    {
        Assert.True(RequestCookies.HasRememberCookie(Request($"{RememberName}=not-even-base64"), _service.Options));
        Assert.False(RequestCookies.HasRememberCookie(Request($"{SessionName}=x"), _service.Options));
    }

    private SessionCookieRead ReadSession(ref RequestCookies cookies, HttpContext context)
    {
        Assert.True(cookies.TryReadSession(context, _service, out var read));
        return read;
    }

    private DefaultHttpContext Request(string cookieHeader)
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        if (cookieHeader.Length > 0)
        {
            context.Request.Headers.Cookie = cookieHeader;
        }

        return context;
    }

    private SessionState LoggedIn()
    {
        var now = _clock.GetUtcNow();
        return new SessionState { UserId = "7", SessionId = FamilyIds.New(), IssuedAt = now, LastSeen = now, Fresh = true };
    }

    private string SessionCookie(SessionState session) => _service.SessionFormat.Protect(session);

    private RememberToken Token() =>
        new("7", FamilyIds.New(), FamilyIds.New(), _clock.GetUtcNow().AddDays(30), TimeSpan.FromDays(30), Stamp: null)
        {
            UserType = _service.UserTypes.All[0],
        };
}
