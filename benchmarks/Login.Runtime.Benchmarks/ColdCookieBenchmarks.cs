using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using Login.Cookies;
using Login.Sessions;
using Login.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// What a cold session cookie costs (issue 20's 1,000,000 sessions: every request's cookie comes back only after a
/// million others, so none is in the decrypted-session cache), in parts, against ASP.NET Core cookie authentication's
/// ticket, which is cold on every request. Whole requests (warm and cold Login cookie, cookie authentication) and the
/// reading alone of each cookie, in one run, as ratios to cookie authentication's ticket <c>Unprotect</c> (decryption
/// and claims deserialisation). Login's cookie is read in both its forms: sealed with the keys it derives from
/// DataProtection's key ring (what Login writes), and protected with DataProtection itself (what it wrote before, and
/// still writes when it cannot derive keys).
/// </summary>
[MemoryDiagnoser]
public class ColdCookieBenchmarks
{
    // ASP.NET Core's purposes for a cookie scheme's ticket (CookieAuthenticationOptions' post-configuration) and Login's
    // for its session cookie (SessionCookieFormat). A setup check fails loudly if either no longer decrypts.
    private static readonly string[] CookieTicketPurposes =
        ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", CookieAuthenticationDefaults.AuthenticationScheme, "v2"];

    private InProcessApp _app = null!;
    private BenchRequest _request = null!;
    private IDataProtector _protector = null!;
    private ISecureDataFormat<AuthenticationTicket> _ticketFormat = null!;
    private string _cookieValue = null!;
    private SessionCookieFormat _loginFormat = null!;
    private SessionCookieFormat _dataProtectionFormat = null!;
    private string _dataProtectionCookieValue = null!;

    [GlobalSetup(Targets = [nameof(LoginWarmRequest), nameof(LoginRead), nameof(LoginDataProtectionRead)])]
    public void SetupLoginWarm() => SetupLogin(sessionCacheSize: null);

    [GlobalSetup(Target = nameof(LoginColdRequest))]
    public void SetupLoginCold() => SetupLogin(sessionCacheSize: 0);

    [GlobalSetup(Targets = [nameof(CookieAuthenticationRequest), nameof(CookieTicketUnprotect), nameof(CookieUnprotect)])]
    public void SetupCookieAuthentication()
    {
        _app = Apps.CookieAuthentication();
        var signIn = _app.Check(new BenchRequest("/cookie-login/42"));
        var cookie = signIn.Cookie(CookieAuthenticationDefaults.CookiePrefix + CookieAuthenticationDefaults.AuthenticationScheme)
            ?? throw new InvalidOperationException("Benchmark setup check failed: SignInAsync sets no authentication cookie.");
        _request = new BenchRequest("/cookie-guarded", Cookie: cookie);
        Check(_app.Check(_request).Status == 200, "the cookie-auth request is served");
        _cookieValue = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
        _ticketFormat = _app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        _protector = _app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookieTicketPurposes);
        Check(_ticketFormat.Unprotect(_cookieValue)?.Principal.Claims.Count() == 3, "the ticket format reads the 3-claim ticket");
        Check(_protector.Unprotect(Base64UrlTextEncoder.Decode(_cookieValue)).Length > 0, "the cookie scheme's protector decrypts the cookie");
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Login: guarded request, warm session cookie (cached)")]
    public Task LoginWarmRequest() => _app.SendAsync(_request);

    [Benchmark(Description = "Login: guarded request, cold session cookie (SessionCacheSize = 0)")]
    public Task LoginColdRequest() => _app.SendAsync(_request);

    [Benchmark(Description = "Cookie authentication: guarded request (cold ticket, every request)")]
    public Task CookieAuthenticationRequest() => _app.SendAsync(_request);

    [Benchmark(Description = "Login cookie: read, sealed with its own keys (Base64Url, MAC, decrypt, parse)")]
    public object? LoginRead() => _loginFormat.Unprotect(_cookieValue);

    [Benchmark(Description = "Login cookie: read, in DataProtection's form (Base64Url, Unprotect, parse)")]
    public object? LoginDataProtectionRead() => _dataProtectionFormat.Unprotect(_dataProtectionCookieValue);

    [Benchmark(Description = "Cookie authentication: Base64Url + DataProtection Unprotect only")]
    public byte[] CookieUnprotect() => _protector.Unprotect(Base64UrlTextEncoder.Decode(_cookieValue));

    [Benchmark(Baseline = true, Description = "Cookie authentication: TicketDataFormat.Unprotect (decrypt + claims)")]
    public AuthenticationTicket? CookieTicketUnprotect() => _ticketFormat.Unprotect(_cookieValue);

    private void SetupLogin(int? sessionCacheSize)
    {
        _app = Apps.Login(sessionCacheSize: sessionCacheSize);
        var cookie = LoginTestClient.CreateSessionCookie(
            _app.Services, new User { Id = 42 }, fresh: true, BenchRequest.RemoteAddress, BenchRequest.UserAgent);
        _request = new BenchRequest("/login-guarded", Cookie: cookie);
        var response = _app.Check(_request);
        Check(response.Status == 200 && response.Body == Apps.Body && response.SetCookies.Count == 0, "a valid session is served and not rewritten");
        _cookieValue = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var login = _app.Services.GetRequiredService<LoginService>();
        _loginFormat = login.SessionFormat;
        var session = _loginFormat.Unprotect(_cookieValue);
        Check(session?.UserId == "42", "Login's session format reads the cookie");
        Check(Base64Url.DecodeFromChars(_cookieValue)[0] == SessionCookieKeys.Tag, "the cookie is sealed with Login's own keys");
        _dataProtectionFormat = new SessionCookieFormat(_app.Services.GetRequiredService<IDataProtectionProvider>(), () => login.UserTypes);
        _dataProtectionCookieValue = _dataProtectionFormat.Protect(session!);
        Check(_dataProtectionFormat.Unprotect(_dataProtectionCookieValue)?.UserId == "42", "the cookie in DataProtection's form reads");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup check failed: {what}.");
        }
    }
}
