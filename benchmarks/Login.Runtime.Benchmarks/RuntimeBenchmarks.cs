using BenchmarkDotNet.Attributes;
using Login.Testing;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// What one GET costs in-process through the whole pipeline (hosting, routing, middleware, guard, current-user load,
/// endpoint, cookies written as the response starts), per way of being logged in. Every benchmark sends the same
/// prepared request again and again; its setup builds the app once and first checks that request's response
/// (status, body, cookies), so a row cannot quietly measure a redirect where it means a 200.
/// </summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    private InProcessApp _app = null!;
    private BenchRequest _request = null!;

    [GlobalSetup(Target = nameof(Plain))]
    public void SetupPlain()
    {
        _app = Apps.Plain();
        _request = new BenchRequest("/plain");
        Expect(_app.Check(_request), 200, Apps.Body);
    }

    [GlobalSetup(Target = nameof(PlainWithLogin))]
    public void SetupPlainWithLogin()
    {
        _app = Apps.Login();
        _request = new BenchRequest("/plain");
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        Require(response.SetCookies.Count == 0, "an unguarded request without cookies gets no cookie", response);
    }

    [GlobalSetup(Target = nameof(PlainWithAuthenticationMiddleware))]
    public void SetupPlainWithAuthenticationMiddleware()
    {
        _app = Apps.PlainWithAuthenticationMiddleware();
        _request = new BenchRequest("/plain");
        Expect(_app.Check(_request), 200, Apps.Body);
    }

    [GlobalSetup(Target = nameof(PlainWithLoginNoAuthenticationMiddleware))]
    public void SetupPlainWithLoginNoAuthenticationMiddleware()
    {
        _app = Apps.Login(authenticationMiddleware: false);
        _request = new BenchRequest("/plain");
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        Require(response.SetCookies.Count == 0, "an unguarded request without cookies gets no cookie", response);
    }

    [GlobalSetup(Target = nameof(AnonymousOnGuarded))]
    public void SetupAnonymousOnGuarded()
    {
        _app = Apps.Login();
        _request = new BenchRequest("/login-guarded");
        var response = Expect(_app.Check(_request), 302, "");
        Require(response.Location == "/login?next=%2Flogin-guarded", "the redirect goes to the login view with next", response);
    }

    [GlobalSetup(Target = nameof(SessionCookie))]
    public void SetupSessionCookie() => StartWithSessionCookie("/login-guarded", Apps.Login());

    [GlobalSetup(Target = nameof(PlainWithLoginSessionCookie))]
    public void SetupPlainWithLoginSessionCookie() => StartWithSessionCookie("/plain", Apps.Login());

    [GlobalSetup(Target = nameof(SessionCookieNoParameter))]
    public void SetupSessionCookieNoParameter()
    {
        StartWithSessionCookie("/login-guarded-no-parameter", Apps.Login());
        Expect(_app.Check(new BenchRequest("/login-guarded-no-parameter")), 302, "");
    }

    [GlobalSetup(Target = nameof(SessionCookieNoAuthenticationMiddleware))]
    public void SetupSessionCookieNoAuthenticationMiddleware() =>
        StartWithSessionCookie("/login-guarded", Apps.Login(authenticationMiddleware: false));

    [GlobalSetup(Target = nameof(RememberCookie))]
    public void SetupRememberCookie()
    {
        _app = Apps.Login();
        var login = _app.Check(new BenchRequest("/remember-me/42"));
        // The apps run in Production: the cookies have their __Host- names.
        var remember = login.Cookie("__Host-remember_token");
        Require(remember is not null, "logging in with remember: true sets __Host-remember_token", login);
        _request = new BenchRequest("/login-guarded", Cookie: remember);
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        // The browser closed: the remember cookie restores the login and a new session cookie is issued, every time.
        Require(response.Cookie("__Host-Login.Session") is not null, "the restore issues a session cookie", response);
        // Each restore replaces the remember token; the browser keeps the new one (the old one, presented after the
        // grace window, would be taken as stolen and end the login).
        var rotated = response.Cookie("__Host-remember_token");
        Require(rotated is not null && rotated != remember, "the restore replaces the remember cookie", response);
        _request = _request with { Cookie = rotated };
    }

    [GlobalSetup(Target = nameof(RequestLoader))]
    public void SetupRequestLoader()
    {
        _app = Apps.Login();
        _request = new BenchRequest("/login-guarded", ApiKey: ApiKeys.Valid);
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        Require(response.SetCookies.Count == 0, "a request loader writes no session", response);
        Expect(_app.Check(new BenchRequest("/login-guarded", ApiKey: "wrong")), 302, "");
    }

    [GlobalSetup(Target = nameof(CookieAuthentication))]
    public void SetupCookieAuthentication()
    {
        _app = Apps.CookieAuthentication();
        var signIn = _app.Check(new BenchRequest("/cookie-login/42"));
        var cookie = signIn.Cookie(CookieAuthenticationDefaults.CookiePrefix + CookieAuthenticationDefaults.AuthenticationScheme);
        Require(cookie is not null, "SignInAsync sets the authentication cookie", signIn);
        _request = new BenchRequest("/cookie-guarded", Cookie: cookie);
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        Require(response.SetCookies.Count == 0, "a fresh ticket is not renewed", response);
        Expect(_app.Check(new BenchRequest("/cookie-guarded")), 302, "");
    }

    /// <summary>Sends <paramref name="path"/> of <paramref name="app"/> with a valid session cookie of user 42, checked once.</summary>
    private void StartWithSessionCookie(string path, InProcessApp app)
    {
        _app = app;
        var cookie = LoginTestClient.CreateSessionCookie(
            _app.Services, new User { Id = 42 }, fresh: true, BenchRequest.RemoteAddress, BenchRequest.UserAgent);
        _request = new BenchRequest(path, Cookie: cookie);
        var response = Expect(_app.Check(_request), 200, Apps.Body);
        // A valid, unchanged session is not written back: a Set-Cookie here would mean a cost the row does not intend.
        Require(response.SetCookies.Count == 0, "a valid session is read, not rewritten", response);
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Plain endpoint")]
    public Task Plain() => _app.SendAsync(_request);

    [Benchmark(Description = "Plain endpoint, app with UseLogin")]
    public Task PlainWithLogin() => _app.SendAsync(_request);

    [Benchmark(Description = "Plain endpoint, app with UseAuthentication/UseAuthorization, no scheme")]
    public Task PlainWithAuthenticationMiddleware() => _app.SendAsync(_request);

    [Benchmark(Description = "Plain endpoint, app with UseLogin, without UseAuthentication/UseAuthorization")]
    public Task PlainWithLoginNoAuthenticationMiddleware() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: anonymous on guarded (302)")]
    public Task AnonymousOnGuarded() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: session cookie")]
    public Task SessionCookie() => _app.SendAsync(_request);

    [Benchmark(Description = "Plain endpoint, app with UseLogin, session cookie")]
    public Task PlainWithLoginSessionCookie() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: session cookie, handler without parameters")]
    public Task SessionCookieNoParameter() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: session cookie, without UseAuthentication/UseAuthorization")]
    public Task SessionCookieNoAuthenticationMiddleware() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: remember cookie only (restore)")]
    public async Task RememberCookie()
    {
        // Like a browser: send the remember cookie, keep the one the restore issued instead.
        _request = _request with { Cookie = await _app.SendKeepingCookieAsync(_request, "__Host-remember_token") ?? _request.Cookie };
    }

    [Benchmark(Description = "Login: request loader (API key)")]
    public Task RequestLoader() => _app.SendAsync(_request);

    [Benchmark(Description = "Cookie authentication + RequireAuthorization")]
    public Task CookieAuthentication() => _app.SendAsync(_request);

    private static BenchResponse Expect(BenchResponse response, int status, string body)
    {
        Require(response.Status == status && response.Body == body, $"expected {status} with body \"{body}\"", response);
        return response;
    }

    private static void Require(bool condition, string what, BenchResponse response)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup check failed: {what}; got {response}.");
        }
    }
}
