using System.Net;

namespace Login.Tests;

/// <summary>
/// [RequestLoader] and [HeaderLoader]: API clients prove who they are on each request. The user is loaded for that
/// request alone (no session cookie is written), and only when the session and the remember cookie name nobody.
/// </summary>
public class RequestLoaderTests
{
    [Fact]
    public async Task An_api_key_in_the_query_loads_the_user_for_that_request_only()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var response = await browser.GetAsync("/secret?api_key=user-1");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("secret of 1", response.Body);
        Assert.Null(response.Cookie(".Login.Session"));
        Assert.Null(response.Cookie("remember_token"));

        var withoutKey = await browser.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, withoutKey.Status);
    }

    [Fact]
    public async Task A_bearer_token_in_the_Authorization_header_loads_the_user_for_that_request_only()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var response = await browser.GetAsync("/secret", headers: ("Authorization", "Bearer user-1"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("secret of 1", response.Body);
        Assert.Null(response.Cookie(".Login.Session"));
        Assert.Null(response.Cookie("remember_token"));

        var withoutHeader = await browser.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, withoutHeader.Status);
    }

    [Fact]
    public async Task A_user_loaded_from_the_request_is_not_a_fresh_login()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.NewBrowser().GetAsync("/whoami?api_key=user-1");

        Assert.Equal("1 fresh=False", response.Body);
    }

    [Theory]
    [InlineData("/secret?api_key=user-99", "/login?next=%2Fsecret%3Fapi_key%3Duser-99")]
    [InlineData("/secret?api_key=user-x", "/login?next=%2Fsecret%3Fapi_key%3Duser-x")]
    [InlineData("/secret?api_key=1", "/login?next=%2Fsecret%3Fapi_key%3D1")]
    [InlineData("/secret?key=user-1", "/login?next=%2Fsecret%3Fkey%3Duser-1")]
    public async Task A_wrong_api_key_is_anonymous(string path, string location)
    {
        // No login message: otherwise the flash would travel in a session cookie, and this test looks for none.
        await using var app = await TestApp.StartAsync(o => o.LoginMessage = null);

        var response = await app.NewBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal(location, response.Location);
        Assert.Null(response.Cookie(".Login.Session"));
    }

    [Theory]
    [InlineData("Bearer user-99")]
    [InlineData("Bearer user-")]
    [InlineData("Bearer 1")]
    [InlineData("Basic user-1")]
    [InlineData("user-1")]
    public async Task A_wrong_bearer_token_is_anonymous(string authorization)
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.NewBrowser().GetAsync("/secret", headers: ("Authorization", authorization));

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login?next=%2Fsecret", response.Location);
    }

    [Theory]
    [InlineData("/whoami?api_key=user-2")]
    [InlineData("/whoami")]
    public async Task A_logged_in_session_takes_precedence_over_request_and_header_loaders(string path)
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);
        var before = app.Directory.Loads;

        var response = await browser.GetAsync(path, headers: ("Authorization", "Bearer user-2"));

        Assert.Equal("1 fresh=True", response.Body);
        Assert.Equal(1, app.Directory.Loads - before); // the session's user loader, nothing else
    }

    [Fact]
    public async Task A_remember_cookie_takes_precedence_over_the_header_loader()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");

        var response = await browser.GetAsync("/whoami", headers: ("Authorization", "Bearer user-2"));

        Assert.Equal("1 fresh=False", response.Body);
    }

    [Fact]
    public async Task The_header_loader_is_not_consulted_when_a_request_loader_found_the_user()
    {
        await using var app = await TestApp.StartAsync();
        var before = app.Directory.Loads;

        var response = await app.NewBrowser().GetAsync("/whoami?api_key=user-1", headers: ("Authorization", "Bearer user-2"));

        Assert.Equal("1 fresh=False", response.Body);
        Assert.Equal(1, app.Directory.Loads - before); // the request loader's lookup, not the header loader's
    }

    [Fact]
    public async Task The_header_loader_reads_the_header_named_by_AuthHeaderName()
    {
        await using var app = await TestApp.StartAsync(o => o.AuthHeaderName = "X-Api-Token");
        var browser = app.NewBrowser();

        var named = await browser.GetAsync("/secret", headers: ("X-Api-Token", "Bearer user-1"));
        var authorization = await browser.GetAsync("/secret", headers: ("Authorization", "Bearer user-1"));

        Assert.Equal("secret of 1", named.Body);
        Assert.Equal(HttpStatusCode.Found, authorization.Status);
    }
}
