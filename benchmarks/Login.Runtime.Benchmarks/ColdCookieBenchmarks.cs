using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
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
/// decryption alone of each cookie, in one run, as ratios to cookie authentication's ticket <c>Unprotect</c> (decryption
/// and claims deserialisation).
/// </summary>
[MemoryDiagnoser]
public class ColdCookieBenchmarks
{
    // ASP.NET Core's purposes for a cookie scheme's ticket (CookieAuthenticationOptions' post-configuration) and Login's
    // for its session cookie (SessionCookieFormat). A setup check fails loudly if either no longer decrypts.
    private static readonly string[] CookieTicketPurposes =
        ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", CookieAuthenticationDefaults.AuthenticationScheme, "v2"];

    private const string LoginSessionPurpose = "Login.SessionCookie.v3";

    private InProcessApp _app = null!;
    private BenchRequest _request = null!;
    private IDataProtector _protector = null!;
    private ISecureDataFormat<AuthenticationTicket> _ticketFormat = null!;
    private string _cookieValue = null!;

    [GlobalSetup(Targets = [nameof(LoginWarmRequest), nameof(LoginUnprotect)])]
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

    [Benchmark(Description = "Login cookie: Base64Url + DataProtection Unprotect only")]
    public byte[] LoginUnprotect() => _protector.Unprotect(Base64Url.DecodeFromChars(_cookieValue));

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
        _protector = _app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(LoginSessionPurpose);
        Check(_protector.Unprotect(Base64Url.DecodeFromChars(_cookieValue)).Length > 0, "Login's session protector decrypts the cookie");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup check failed: {what}.");
        }
    }
}
