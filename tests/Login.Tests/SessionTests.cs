using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>The session cookie: what it holds, how long it lasts, and what happens to bad copies of it.</summary>
public class SessionTests
{
    private static async Task<(TestApp App, TestBrowser Browser)> LoggedInAsync(
        Action<LoginOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var app = await TestApp.StartAsync(configure, services: services);
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        return (app, browser);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("oversized")]
    public async Task A_bad_session_cookie_means_anonymous_never_an_error(string damage)
    {
        var (app, browser) = await LoggedInAsync();
        await using var _ = app;
        var value = browser.Cookies[".Login.Session"];
        browser.Cookies[".Login.Session"] = damage switch
        {
            "flip" => value[..40] + (value[40] == 'A' ? 'B' : 'A') + value[41..],
            "truncate" => value[..(value.Length / 2)],
            "oversized" => new string('A', 5000),
            _ => damage,
        };

        var response = await browser.GetAsync("/secret");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret", response.Location);
    }

    [Fact]
    public async Task A_cookie_protected_with_another_apps_keys_is_refused()
    {
        var (other, otherBrowser) = await LoggedInAsync();
        await using var _ = other;
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        browser.Cookies[".Login.Session"] = otherBrowser.Cookies[".Login.Session"];

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Every_login_gets_a_new_login_family_and_the_old_one_ends()
    {
        var (app, browser) = await LoggedInAsync();
        await using var _ = app;
        var first = browser.Cookies[".Login.Session"];
        var firstFamily = CookiePayloads.Session(app, first)!.SessionId;

        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);

        var second = CookiePayloads.Session(app, browser.Cookies[".Login.Session"]);
        Assert.NotNull(second);
        Assert.Equal("1", second.UserId);
        Assert.NotEqual(firstFamily, second.SessionId);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        browser.Cookies[".Login.Session"] = first; // a copy of the first login's cookie ended with it
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task A_session_cookie_planted_before_login_is_not_the_login_and_never_becomes_it()
    {
        // Session fixation: the attacker gets a valid anonymous session cookie of this app (here with a flash and a
        // next, as any visitor can) and plants it in the victim's browser before the victim logs in.
        await using var app = await TestApp.StartAsync(o => o.UseSessionForNext = true);
        var attacker = app.NewBrowser();
        Assert.Equal(HttpStatusCode.Found, (await attacker.GetAsync("/secret")).Status); // sets next in the session
        await attacker.GetAsync("/flash?m=planted");
        var planted = attacker.Cookies[".Login.Session"];
        var plantedSession = CookiePayloads.Session(app, planted);
        Assert.NotNull(plantedSession);
        Assert.Null(plantedSession.UserId);
        Assert.Equal("/secret", plantedSession.Next);
        var victim = app.NewBrowser();
        victim.Cookies[".Login.Session"] = planted;

        Assert.Equal("logged in", (await victim.GetAsync("/login/1")).Body);

        var login = CookiePayloads.Session(app, victim.Cookies[".Login.Session"]);
        Assert.NotNull(login);
        Assert.Equal("1", login.UserId);
        Assert.NotEqual(plantedSession.SessionId, login.SessionId);
        Assert.NotEqual(planted, victim.Cookies[".Login.Session"]);
        Assert.Equal("secret of 1", (await victim.GetAsync("/secret")).Body);
        // The attacker's copy is still the anonymous session it was: nothing the victim did made it a login.
        Assert.Equal(HttpStatusCode.Found, (await attacker.GetAsync("/secret")).Status);
        Assert.Equal("anonymous fresh=False", (await attacker.GetAsync("/whoami")).Body);
    }

    [Fact]
    public async Task Session_cookie_for_an_int_id_is_small()
    {
        // Production, where the name is the longer __Host-Login.Session. The cookie holds the user type's key ("TestUser")
        // and the [SessionStamp] hash besides the id: 53 bytes of plaintext, one AES block past 48, so the value is 198
        // characters and the whole cookie 219 (SessionCookieFormat's remarks give the sizes).
        await using var app = await TestApp.StartAsync(environment: "Production");
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        Assert.InRange($"__Host-Login.Session={browser.Cookies["__Host-Login.Session"]}".Length, 1, 220);
    }

    [Fact]
    public async Task Logout_deletes_the_cookies_and_a_kept_copy_no_longer_works()
    {
        var (app, browser) = await LoggedInAsync();
        await using var _ = app;
        var copy = browser.Cookies[".Login.Session"];

        var logout = await browser.GetAsync("/logout");
        Assert.Equal("logged out", logout.Body);
        var deleted = logout.Cookie(".Login.Session");
        Assert.NotNull(deleted);
        Assert.True(deleted.Expires < app.Clock.GetUtcNow());
        Assert.Equal("/", deleted.Path.Value);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);

        browser.Cookies[".Login.Session"] = copy;
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Logout_when_nobody_is_logged_in_is_harmless()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.NewBrowser().GetAsync("/logout");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("logged out", response.Body);
    }

    [Fact]
    public async Task A_session_older_than_SessionLifetime_is_anonymous()
    {
        var (app, browser) = await LoggedInAsync(o => o.SessionLifetime = TimeSpan.FromHours(1));
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/secret")).Status);

        app.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
        Assert.Equal("anonymous fresh=False", (await browser.GetAsync("/whoami")).Body);
    }

    [Fact]
    public async Task A_user_the_loader_no_longer_finds_is_anonymous()
    {
        var (app, browser) = await LoggedInAsync();
        await using var _ = app;
        app.Directory.Users.TryRemove(1, out TestUser? _);

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Current_user_is_not_loaded_when_nobody_asks()
    {
        // Login's scheme asks on every request with a Login cookie: an app that names another default scheme is one
        // where nobody asks.
        var (app, browser) = await LoggedInAsync(services: s => s.AddAuthentication("Other").AddCookie("Other"));
        await using var _ = app;
        var before = app.Directory.Loads;

        await browser.GetAsync("/logout");

        Assert.Equal(before, app.Directory.Loads);
    }
}
