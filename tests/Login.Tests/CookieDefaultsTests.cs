using Login.Cookies;
using System.Net;
using Login.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Login.Tests;

/// <summary>
/// The cookies' names and Secure attribute by environment: outside Development the <c>__Host-</c> prefix and Secure
/// always, which a sibling subdomain cannot plant (issue 10, finding 7); in Development the plain names, Secure over
/// HTTPS only, so http://localhost works. A name or policy the app sets is kept; a prefix the browser would refuse is
/// a startup error.
/// </summary>
public class CookieDefaultsTests
{
    private static void AssertHostPrefixed(SetCookieHeaderValue? cookie)
    {
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.Equal("/", cookie.Path.Value);
        Assert.Null(cookie.Domain.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_the_cookies_are_host_prefixed_and_always_secure(string environment)
    {
        await using var app = await TestApp.StartAsync(environment: environment);
        var browser = app.NewBrowser();

        var login = await browser.GetAsync("/login/1?remember=true"); // plain http: Secure all the same

        AssertHostPrefixed(login.Cookie("__Host-Login.Session"));
        AssertHostPrefixed(login.Cookie("__Host-remember_token"));
        Assert.Equal(2, login.SetCookies.Count);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        browser.Cookies.Remove("__Host-Login.Session");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // restored from __Host-remember_token
        var logout = await browser.GetAsync("/logout");
        AssertHostPrefixed(logout.Cookie("__Host-Login.Session")); // deleted with the attributes it was set with
        AssertHostPrefixed(logout.Cookie("__Host-remember_token"));
    }

    [Fact]
    public async Task Outside_development_the_test_client_uses_the_prefixed_name()
    {
        await using var app = await TestApp.StartAsync(environment: "Production");
        var client = app.NewHttpClient().LoginAs(app.Services, new TestUser { Id = 1 });

        Assert.Equal("secret of 1", await client.GetStringAsync("/secret"));
        Assert.StartsWith("__Host-Login.Session=", LoginTestClient.CreateSessionCookie(app.Services, new TestUser { Id = 1 }));
    }

    [Fact]
    public async Task In_development_the_names_stay_plain_and_Secure_follows_the_request()
    {
        await using var app = await TestApp.StartAsync(environment: "Development");

        var login = await app.NewBrowser().GetAsync("/login/1?remember=true");

        Assert.False(login.Cookie(".Login.Session")?.Secure);
        Assert.False(login.Cookie("remember_token")?.Secure);
        var options = app.Services.GetRequiredService<IOptions<LoginOptions>>().Value;
        Assert.Equal(CookieSecurePolicy.SameAsRequest, options.SessionCookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, options.RememberCookie.SecurePolicy);
    }

    [Fact]
    public async Task A_name_the_app_sets_is_kept_and_stays_secure_outside_development()
    {
        await using var app = await TestApp.StartAsync(o => o.SessionCookie.Name = "app_session", environment: "Production",
            settings: new Dictionary<string, string?> { ["Login:RememberCookie:Name"] = "app_remember" });

        var login = await app.NewBrowser().GetAsync("/login/1?remember=true");

        Assert.True(login.Cookie("app_session")?.Secure);
        Assert.True(login.Cookie("app_remember")?.Secure);
        Assert.Equal(2, login.SetCookies.Count);
    }

    [Fact]
    public async Task A_secure_policy_the_app_sets_is_kept_in_development()
    {
        await using var app = await TestApp.StartAsync(o => o.SessionCookie.SecurePolicy = CookieSecurePolicy.Always);

        var login = await app.NewBrowser().GetAsync("/login/1?remember=true");

        Assert.True(login.Cookie(".Login.Session")?.Secure);
        Assert.False(login.Cookie("remember_token")?.Secure);
    }

    [Theory]
    [InlineData("Development", "__Host-sid", null, "/", CookieSecurePolicy.SameAsRequest, "SecurePolicy")]
    [InlineData("Production", "__Host-sid", ".example.com", "/", CookieSecurePolicy.Always, "Domain")]
    [InlineData("Production", "__Host-sid", null, "/app", CookieSecurePolicy.Always, "Path")]
    [InlineData("Production", "__host-sid", null, null, CookieSecurePolicy.Always, "Path")]
    [InlineData("Production", "__Host-sid", null, "/", CookieSecurePolicy.None, "SecurePolicy")]
    [InlineData("Development", "__Secure-sid", ".example.com", "/", CookieSecurePolicy.SameAsRequest, "SecurePolicy")]
    public async Task A_prefix_the_browser_would_refuse_is_a_startup_error(
        string environment, string name, string? domain, string? path, CookieSecurePolicy secure, string culprit)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o =>
        {
            o.SessionCookie.Name = name;
            o.SessionCookie.Domain = domain;
            o.SessionCookie.Path = path;
            o.SessionCookie.SecurePolicy = secure;
        }, environment: environment));

        Assert.Contains($"LoginOptions.SessionCookie.Name is \"{name}\"", error.Message);
        Assert.Contains($"SessionCookie.{culprit}", error.Message);
    }

    [Fact]
    public async Task A_domain_with_the_default_name_outside_development_says_which_name_to_write()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TestApp.StartAsync(o => o.RememberCookie.Domain = ".example.com", environment: "Production"));

        Assert.Contains("LoginOptions.RememberCookie.Name is \"__Host-remember_token\" (the default outside Development)", error.Message);
        Assert.Contains("RememberCookie.Domain", error.Message);
        Assert.Contains("__Secure-remember_token", error.Message);
    }

    [Fact]
    public async Task Names_that_differ_only_in_case_are_a_startup_error()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o =>
        {
            o.SessionCookie.Name = "login";
            o.RememberCookie.Name = "LOGIN";
        }));

        Assert.Contains("differ in more than case", error.Message);
    }

    [Fact]
    public async Task A_duplicate_of_the_host_prefixed_session_is_still_no_session()
    {
        // __Host- stops a sibling domain in current browsers; older ones, and look-alike names, still meet the refusal.
        await using var app = await TestApp.StartAsync(environment: "Production");
        var victim = app.NewBrowser();
        await victim.GetAsync("/login/1");
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var attacker = app.NewBrowser();
        await attacker.GetAsync("/login/3");
        var client = app.NewHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secret");
        request.Headers.TryAddWithoutValidation("Cookie",
            $"__Host-Login.Session={victim.Cookies["__Host-Login.Session"]}; x@__Host-Login.Session={attacker.Cookies["__Host-Login.Session"]}");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=%2Fsecret", response.Headers.Location?.OriginalString);
    }
}
