using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// "Fresh" and "remembered" belong to the login that loaded the user (issue 10, findings 5 and 6): a session whose user
/// no longer loads ends, a user from a request or header loader is never fresh nor remembered, and
/// <c>IsLoginFresh</c>/<c>IsLoginRemembered</c> agree with the user <c>GetCurrentUserAsync</c> loads.
/// </summary>
public class FreshLoginTests
{
    private const string ApiKeyOfUser3 = "Bearer user-3";

    private static async Task<TestApp> StartWithUser3Async(
        Action<LoginOptions>? configure = null, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var app = await TestApp.StartAsync(configure, services: services, map: map ?? MapStateEndpoints);
        app.Directory.Users[3] = new TestUser { Id = 3 };
        return app;
    }

    /// <summary>Endpoints that ask about freshness before anything loaded the user, as a handler may.</summary>
    private static void MapStateEndpoints(WebApplication app)
    {
        app.MapGet("/state-first", async (HttpContext http) =>
        {
            var fresh = http.IsLoginFresh();
            var remembered = http.IsLoginRemembered();
            var user = await http.GetCurrentUserAsync();
            return $"{user.GetId() ?? "anonymous"} fresh={fresh} remembered={remembered}";
        });
        app.MapGet("/state-after", async (HttpContext http) =>
        {
            var user = await http.GetCurrentUserAsync();
            return $"{user.GetId() ?? "anonymous"} fresh={http.IsLoginFresh()} remembered={http.IsLoginRemembered()}";
        });
        app.MapGet("/state-async", async (HttpContext http) =>
        {
            var fresh = await http.IsLoginFreshAsync();
            var remembered = await http.IsLoginRememberedAsync();
            var user = await http.GetCurrentUserAsync();
            return $"{user.GetId() ?? "anonymous"} fresh={fresh} remembered={remembered}";
        });
        app.MapGet("/confirm-or-refuse", async (HttpContext http) =>
        {
            try
            {
                await http.ConfirmLoginAsync();
                return "confirmed";
            }
            catch (InvalidOperationException)
            {
                return "refused";
            }
        });
        app.MapGet("/confirm-old-name", async (HttpContext http) =>
        {
#pragma warning disable CS0618 // the obsolete name, kept one release
            await http.ConfirmLogin();
#pragma warning restore CS0618
            return "confirmed";
        });
        app.MapGet("/state-sync-only", (HttpContext http) =>
        {
            try
            {
                return $"fresh={http.IsLoginFresh()}";
            }
            catch (InvalidOperationException e)
            {
                return "refused: " + e.Message;
            }
        });
    }

    [Fact]
    public async Task A_fresh_session_of_a_deleted_user_does_not_make_another_users_api_key_fresh()
    {
        // Finding 5: user 1 logged in (fresh) and was deleted since; the request also carries user 3's API key.
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        app.Directory.Users.TryRemove(1, out _);

        var response = await browser.GetAsync("/fresh", headers: ("Authorization", ApiKeyOfUser3));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status); // user 3 is let in by the key, but never as a fresh login
        Assert.DoesNotContain("fresh secret", response.Body);
        var session = response.Cookie(".Login.Session");
        Assert.NotNull(session); // the deleted user's login ended: the cookie is deleted, not left to come back
        Assert.True(session.Expires < app.Clock.GetUtcNow());
        Assert.Equal("3 fresh=False", (await browser.GetAsync("/whoami", headers: ("Authorization", ApiKeyOfUser3))).Body);
        Assert.Equal("anonymous fresh=False", (await browser.GetAsync("/whoami")).Body);
    }

    [Fact]
    public async Task A_fresh_session_of_a_deleted_user_does_not_make_an_api_key_from_the_query_fresh()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        app.Directory.Users.TryRemove(1, out _);

        var response = await browser.GetAsync("/fresh?api_key=user-3");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("3 fresh=False", (await app.NewBrowser().GetAsync("/whoami?api_key=user-3")).Body);
    }

    [Fact]
    public async Task When_the_sessions_user_no_longer_loads_the_login_ends_and_flashed_messages_stay()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        await browser.GetAsync("/flash?m=Saved");
        app.Directory.Users.TryRemove(1, out _);

        var response = await browser.GetAsync("/whoami");

        Assert.Equal("anonymous fresh=False", response.Body);
        var rewritten = response.Cookie(".Login.Session");
        Assert.NotNull(rewritten); // rewritten without the login, still holding the flash
        Assert.False(rewritten.Expires < app.Clock.GetUtcNow());
        app.Directory.Users[1] = new TestUser { Id = 1 }; // even if the id comes back, the ended login does not
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
        Assert.Equal("login form|info:Saved|message:Please log in to access this page.", (await browser.GetAsync("/login")).Body);
    }

    [Fact]
    public async Task A_user_from_a_header_loader_is_never_remembered_and_a_remember_cookie_whose_user_is_gone_is_deleted()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        app.Directory.Users.TryRemove(1, out _);

        var response = await browser.GetAsync("/state-after", headers: ("Authorization", ApiKeyOfUser3));

        Assert.Equal("3 fresh=False remembered=False", response.Body);
        Assert.True(response.Cookie("remember_token")?.Expires < app.Clock.GetUtcNow());
        Assert.True(response.Cookie(".Login.Session")?.Expires < app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Under_strong_protection_a_stolen_cookie_is_neither_fresh_nor_remembered_when_asked_before_the_user()
    {
        // Finding 6: asked first, the flags came straight from the cookie, before protection dropped it.
        await using var app = await StartWithUser3Async(o => o.SessionProtection = SessionProtection.Strong);
        var owner = app.NewBrowser();
        owner.Headers["User-Agent"] = "Owner's browser";
        await owner.GetAsync("/login/1?remember=true");
        Assert.True(owner.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var thief = app.NewBrowser();
        thief.Headers["User-Agent"] = "Thief's browser";
        foreach (var (name, value) in owner.Cookies)
        {
            thief.Cookies[name] = value;
        }

        var response = await thief.GetAsync("/state-first");

        Assert.Equal("anonymous fresh=False remembered=False", response.Body);
        Assert.True(response.Cookie("remember_token")?.Expires < app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Under_basic_protection_a_session_from_another_client_is_not_fresh_when_asked_before_the_user()
    {
        // A synchronous loader (the agents'): the sync forms answer, and they answer what the loaded login says.
        await using var app = await TestApp.StartAsync(o => o.UserType = typeof(Agency.Agent), map: a =>
        {
            MapStateEndpoints(a);
            a.MapGet("/agent-login", async (HttpContext http) =>
            {
                await http.LoginUserAsync(new Agency.Agent(AgentLoader.Known, "Ada"));
                return "logged in";
            });
        });
        var owner = app.NewBrowser();
        owner.Headers["User-Agent"] = "Owner's browser";
        await owner.GetAsync("/agent-login");
        var thief = app.NewBrowser();
        thief.Headers["User-Agent"] = "Thief's browser";
        thief.Cookies[".Login.Session"] = owner.Cookies[".Login.Session"];

        var response = await thief.GetAsync("/state-first");

        Assert.Equal($"{AgentLoader.Known.ToString(null, CultureInfo.InvariantCulture)} fresh=False remembered=False", response.Body);
        Assert.EndsWith("fresh=True remembered=False", (await owner.GetAsync("/state-first")).Body);
    }

    [Fact]
    public async Task The_async_forms_agree_with_the_loaded_user()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it

        Assert.Equal("1 fresh=True remembered=True", (await browser.GetAsync("/state-async")).Body);
        Assert.Equal("3 fresh=False remembered=False", (await app.NewBrowser().GetAsync("/state-async", headers: ("Authorization", ApiKeyOfUser3))).Body);

        app.Directory.Users[1].PasswordHash = "hash-2"; // the session and the remember cookie end with the old password
        Assert.Equal("anonymous fresh=False remembered=False", (await browser.GetAsync("/state-async")).Body);
    }

    [Fact]
    public async Task The_sync_forms_answer_once_the_user_is_loaded()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");

        Assert.Equal("1 fresh=False remembered=True", (await browser.GetAsync("/state-after")).Body); // restored: never fresh
        Assert.Equal("1 fresh=False remembered=True", (await browser.GetAsync("/state-after")).Body);
    }

    [Fact]
    public async Task ConfirmLoginAsync_does_not_confirm_a_session_that_strong_protection_drops()
    {
        // Confirming used to read the cookie before protection ran: the thief's copy became fresh and bound to the thief.
        await using var app = await StartWithUser3Async(o => o.SessionProtection = SessionProtection.Strong);
        var owner = app.NewBrowser();
        owner.Headers["User-Agent"] = "Owner's browser";
        await owner.GetAsync("/login/1?fresh=false");
        var thief = app.NewBrowser();
        thief.Headers["User-Agent"] = "Thief's browser";
        thief.Cookies[".Login.Session"] = owner.Cookies[".Login.Session"];

        Assert.Equal("refused", (await thief.GetAsync("/confirm-or-refuse")).Body);

        Assert.Equal(HttpStatusCode.Found, (await thief.GetAsync("/fresh")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync("/fresh")).Status); // not fresh: nobody confirmed it
    }

    [Fact]
    public async Task ConfirmLoginAsync_does_not_confirm_a_user_from_a_header_loader()
    {
        await using var app = await StartWithUser3Async();

        var response = await app.NewBrowser().GetAsync("/confirm-or-refuse", headers: ("Authorization", ApiKeyOfUser3));

        Assert.Equal("refused", response.Body);
        Assert.Null(response.Cookie(".Login.Session"));
    }

    [Fact]
    public async Task ConfirmLoginAsync_makes_a_stale_login_fresh_and_the_old_name_still_works()
    {
        await using var app = await StartWithUser3Async();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fresh")).Status);

        Assert.Equal("confirmed", (await browser.GetAsync("/confirm-or-refuse")).Body);
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);

        await browser.GetAsync("/login/1?fresh=false");
        Assert.Equal("confirmed", (await browser.GetAsync("/confirm-old-name")).Body);
        Assert.Equal("fresh secret of 1", (await browser.GetAsync("/fresh")).Body);
    }

    [Fact]
    public async Task A_header_loaded_user_is_not_fresh_even_beside_a_fresh_session_no_loader_can_read()
    {
        // An API-only app: no [UserLoader], so a session cookie (here made with the test helper) names nobody it can
        // load, and its fresh flag must not pass to the API client.
        await using var app = await TestApp.StartAsync(o => o.UserType = typeof(ApiClient), map: a =>
        {
            MapStateEndpoints(a);
            a.MapGet("/api-fresh", [FreshLoginRequired] (ApiClient client) => "fresh for " + client.Id);
        });
        var client = Login.Testing.LoginTestClient.LoginAs(app.NewHttpClient(), app.Services, new ApiClient { Id = "a" }, fresh: true);
        client.DefaultRequestHeaders.Add("Authorization", "Key b");

        using var response = await client.GetAsync("/api-fresh");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("b fresh=False remembered=False", await client.GetStringAsync("/state-first"));
    }
}
