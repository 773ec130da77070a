using Login.Cookies;
using Login.Sessions;
using Login.Sessions.Request;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Login.Tests;

/// <summary>
/// The part of a request's login that writes the cookies (<see cref="ResponseCookies"/>): nothing unless something
/// changed, one write as the response starts however many changes, a deletion only of a cookie the browser sent, and
/// no change once the response has started unless the caller asked for it (then an error, not a silent loss).
/// </summary>
public sealed class ResponseCookiesTests : IDisposable
{
    private static readonly Func<object, Task> Write = static state =>
    {
        var (context, service, cookies) = ((HttpContext, LoginService, Box))state;
        cookies.Value.Write(context, service);
        return Task.CompletedTask;
    };

    private readonly ManualClock _clock = new();
    private readonly ServiceProvider _provider;
    private readonly LoginService _service;

    public ResponseCookiesTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogin(o => o.UserType = typeof(TestUser));
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()));
        _provider = services.BuildServiceProvider();
        _service = _provider.GetRequiredService<LoginService>();
    }

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Nothing_changed_writes_nothing_and_schedules_nothing()
    {
        var (context, response) = Request();
        var cookies = new Box();
        cookies.Value.StartFrom(new SessionCookieRead(LoggedIn(), Sent: true));

        await response.StartAsync();

        Assert.Equal(0, response.Scheduled);
        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public async Task Many_changes_are_one_write_as_the_response_starts()
    {
        var (context, response) = Request();
        var cookies = new Box();
        var state = (context, _service, cookies);
        cookies.Value.StartFrom(default);
        cookies.Value.Replace(LoggedIn());
        cookies.Value.SessionChanged(context.Response, required: true, Write, state);
        cookies.Value.SetRemember(Token(), _service, context.Response, required: true, Write, state);
        cookies.Value.SessionChanged(context.Response, required: true, Write, state);
        Assert.Equal(0, context.Response.Headers.SetCookie.Count); // nothing before the response starts

        await response.StartAsync();

        Assert.Equal(1, response.Scheduled);
        var written = context.Response.Headers.SetCookie.ToArray();
        Assert.Equal(2, written.Length);
        Assert.StartsWith(_service.Options.SessionCookie.Name + "=", written[0], StringComparison.Ordinal);
        Assert.StartsWith(_service.Options.RememberCookie.Name + "=", written[1], StringComparison.Ordinal);
        Assert.Contains("max-age=2592000", written[1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_left_empty_is_deleted_only_when_the_browser_sent_one()
    {
        foreach (var sent in new[] { true, false })
        {
            var (context, response) = Request();
            var cookies = new Box();
            var session = LoggedIn();
            cookies.Value.StartFrom(new SessionCookieRead(session, sent));
            session.ClearLogin();
            cookies.Value.SessionChanged(context.Response, required: true, Write, (context, _service, cookies));

            await response.StartAsync();

            var written = context.Response.Headers.SetCookie.ToArray();
            if (sent)
            {
                var deletion = Assert.Single(written);
                Assert.StartsWith(_service.Options.SessionCookie.Name + "=;", deletion, StringComparison.Ordinal);
                Assert.Contains("expires=Thu, 01 Jan 1970", deletion, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                Assert.Empty(written);
            }
        }
    }

    [Fact]
    public async Task A_cleared_remember_cookie_is_deleted_and_says_so()
    {
        var (context, response) = Request();
        var cookies = new Box();
        Assert.True(cookies.Value.RememberUntouched);

        cookies.Value.ClearRemember(context.Response, required: true, Write, (context, _service, cookies));
        await response.StartAsync();

        Assert.True(cookies.Value.RememberCleared);
        Assert.False(cookies.Value.RememberUntouched);
        Assert.StartsWith(_service.Options.RememberCookie.Name + "=;", Assert.Single(context.Response.Headers.SetCookie.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_response_started_an_asked_for_change_is_an_error_and_Logins_own_is_dropped()
    {
        var (context, response) = Request();
        response.Started = true;
        var cookies = new Box();
        var state = (context, _service, cookies);

        cookies.Value.SessionChanged(context.Response, required: false, Write, state); // Login's own (an expired cookie): not sent
        var error = Assert.Throws<InvalidOperationException>(() => cookies.Value.ClearRemember(context.Response, required: true, Write, state));

        Assert.Contains("before writing the body", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, response.Scheduled);
    }

    private (HttpContext Context, StartableResponse Response) Request()
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        context.Request.Scheme = "https";
        var response = new StartableResponse();
        context.Features.Set<IHttpResponseFeature>(response);
        return (context, response);
    }

    private SessionState LoggedIn()
    {
        var now = _clock.GetUtcNow();
        return new SessionState { UserId = "7", SessionId = FamilyIds.New(), IssuedAt = now, LastSeen = now, Fresh = true };
    }

    private RememberToken Token() =>
        new("7", FamilyIds.New(), FamilyIds.New(), _clock.GetUtcNow().AddDays(30), TimeSpan.FromDays(30), Stamp: null)
        {
            UserType = _service.UserTypes.All[0],
        };

    /// <summary>The struct under test, in a box the response's callback can reach (as the request state holds it).</summary>
    private sealed class Box
    {
        public ResponseCookies Value;
    }

    /// <summary>A response that runs its <c>OnStarting</c> callbacks when told to, and counts them.</summary>
    private sealed class StartableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public int Scheduled => _starting.Count;

        public bool Started { get; set; }

        public override bool HasStarted => Started;

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting)
            {
                await callback(state);
            }

            Started = true;
        }
    }
}
