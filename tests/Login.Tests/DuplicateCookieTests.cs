using Login.Cookies;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Tests;

/// <summary>
/// Issue 10, finding 7: a sibling subdomain can plant a cookie of the same name (<c>Domain=.example.com</c>), holding its
/// own valid login. Two copies of the session or remember cookie, however they are written, are no session and no
/// remember cookie at all: neither login is served, nothing is deleted (deleting the app's own copy would leave the
/// planted one alone in the browser), and a warning is logged.
/// </summary>
public class DuplicateCookieTests
{
    private static async Task<(TestApp App, LogCollector Logs, string Victim, string Attacker)> TwoSessionsAsync(bool remember = false)
    {
        var logs = new LogCollector();
        // No login message: its flash would travel in a new session cookie, and these tests look for none.
        var app = await TestApp.StartAsync(
            o => o.LoginMessage = null, services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var cookie = remember ? "remember_token" : ".Login.Session";
        var victim = app.NewBrowser();
        await victim.GetAsync("/login/1" + (remember ? "?remember=true" : ""));
        var attacker = app.NewBrowser(); // the attacker's own account on the same app
        await attacker.GetAsync("/login/3" + (remember ? "?remember=true" : ""));
        return (app, logs, victim.Cookies[cookie], attacker.Cookies[cookie]);
    }

    private static async Task<TestResponse> SendAsync(TestApp app, string path, params string[] cookieHeaders)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Cookie", cookieHeaders);
        using var response = await app.NewHttpClient().SendAsync(request);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? Microsoft.Net.Http.Headers.SetCookieHeaderValue.ParseList(values.ToList())
            : [];
        return new TestResponse(response.StatusCode, response.Headers.Location?.OriginalString, setCookies, await response.Content.ReadAsStringAsync());
    }

    private static void AssertRefused(TestResponse response, LogCollector logs, string cookie)
    {
        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret", response.Location);
        Assert.Null(response.Cookie(cookie)); // not deleted: the planted copy would then be the only one
        Assert.DoesNotContain(response.SetCookies, c => c.Name.Value == "remember_token");
        Assert.Contains(logs.Messages, m => m.Contains(cookie, StringComparison.Ordinal) && m.Contains("more than once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{0}; {1}")]
    [InlineData("{1}; {0}")]
    [InlineData("{0};{1}")]
    [InlineData("a=1; {1}; b=2; {0}")]
    public async Task Two_session_cookies_of_one_name_are_no_session(string shape)
    {
        var (app, logs, victim, attacker) = await TwoSessionsAsync();
        await using var _ = app;
        var header = string.Format(shape, ".Login.Session=" + victim, ".Login.Session=" + attacker);

        var response = await SendAsync(app, "/secret", header);

        AssertRefused(response, logs, ".Login.Session");
    }

    [Theory]
    [InlineData("{0}", "{1}")]
    [InlineData("{1}", "{0}")]
    public async Task Two_session_cookies_in_two_Cookie_headers_are_no_session(string first, string second)
    {
        var (app, logs, victim, attacker) = await TwoSessionsAsync();
        await using var _ = app;
        string Fill(string shape) => string.Format(shape, ".Login.Session=" + victim, ".Login.Session=" + attacker);

        var response = await SendAsync(app, "/secret", Fill(first), Fill(second));

        AssertRefused(response, logs, ".Login.Session");
    }

    [Theory]
    [InlineData("{0}; .Login.Session=\"{1}\"")]
    [InlineData(".Login.Session=\"{1}\"; {0}")]
    [InlineData("{0}; .login.session={1}")]
    [InlineData("{0}; .LOGIN.SESSION={1}")]
    public async Task A_quoted_or_differently_cased_second_copy_is_no_session(string shape)
    {
        var (app, logs, victim, attacker) = await TwoSessionsAsync();
        await using var _ = app;
        var header = string.Format(shape, ".Login.Session=" + victim, attacker);

        var response = await SendAsync(app, "/secret", header);

        AssertRefused(response, logs, ".Login.Session");
    }

    [Theory]
    [InlineData("x@.Login.Session={1}")]
    [InlineData("a=x,.Login.Session={1}")]
    [InlineData("a=x, .Login.Session={1}")]
    [InlineData(".login.session={1}")]
    public async Task A_cookie_that_only_ASP_NET_Cores_parser_reads_as_the_session_is_not_a_session(string shape)
    {
        // To the browser these are other cookies (x@.Login.Session, a), which a sibling domain may set whatever the
        // session cookie's own name and prefix; Request.Cookies would still hand them out as ".Login.Session".
        var (app, logs, _, attacker) = await TwoSessionsAsync();
        await using var __ = app;

        var response = await SendAsync(app, "/secret", string.Format(shape, "", attacker));

        AssertRefused(response, logs, ".Login.Session");
    }

    [Theory]
    [InlineData("{0}; {1}")]
    [InlineData("{1}; {0}")]
    public async Task Two_remember_cookies_of_one_name_restore_nobody(string shape)
    {
        var (app, logs, victim, attacker) = await TwoSessionsAsync(remember: true);
        await using var _ = app;
        var header = string.Format(shape, "remember_token=" + victim, "remember_token=" + attacker);

        var response = await SendAsync(app, "/secret", header);

        AssertRefused(response, logs, "remember_token");
        Assert.Null(response.Cookie(".Login.Session")); // nobody was restored
    }

    [Fact]
    public async Task One_session_cookie_among_other_cookies_still_works()
    {
        var (app, logs, victim, _) = await TwoSessionsAsync();
        await using var __ = app;

        var response = await SendAsync(app, "/secret", $"a=1; .Login.Sessions=x; x.Login.Session=y; .Login.Session={victim}; b=\"q\"");

        Assert.Equal("secret of 1", response.Body);
        Assert.Empty(response.SetCookies);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_login_message_replaces_the_apps_own_copy_and_the_planted_one_is_still_refused()
    {
        // With a login message the challenge flashes it into a new, anonymous session cookie: the browser's own copy is
        // replaced by it (a write, not a deletion), the planted copy stays, and the pair is refused again.
        await using var app = await TestApp.StartAsync();
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var victim = app.NewBrowser();
        await victim.GetAsync("/login/1");
        var attacker = app.NewBrowser();
        await attacker.GetAsync("/login/3");
        var planted = ".Login.Session=" + attacker.Cookies[".Login.Session"];

        var challenged = await SendAsync(app, "/secret", $".Login.Session={victim.Cookies[".Login.Session"]}; {planted}");

        Assert.Equal(HttpStatusCode.Found, challenged.Status);
        var flash = challenged.Cookie(".Login.Session")?.Value.Value;
        Assert.False(string.IsNullOrEmpty(flash));
        var next = await SendAsync(app, "/login", $".Login.Session={flash}; {planted}");
        Assert.Equal("login form", next.Body); // neither the flash nor the planted login is read
        Assert.Equal(HttpStatusCode.Found, (await SendAsync(app, "/secret", $".Login.Session={flash}; {planted}")).Status);
    }
}
