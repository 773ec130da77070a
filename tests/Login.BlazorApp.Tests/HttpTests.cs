using System.Net;
using System.Text.RegularExpressions;

namespace Login.BlazorApp.Tests;

/// <summary>
/// What needs no browser: the guard's redirects for the pages, the login and logout endpoints (antiforgery, a wrong
/// password, an unsafe next), and the hub refusing an anonymous connection.
/// </summary>
[Collection(BlazorAppCollection.Name)]
public sealed partial class HttpTests(RunningBlazorApp app)
{
    private const string Bob = "bob@example.com";
    private const string BobPassword = "bob-lantern";

    [Theory]
    [InlineData("/live", "/login?next=%2Flive")]
    [InlineData("/account", "/login?next=%2Faccount")]
    public async Task A_guarded_page_sends_an_anonymous_visitor_to_the_login_form_with_next(string page, string location)
    {
        using var browser = NewBrowser();

        using var response = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Attacker_a_logout_post_without_the_antiforgery_token_is_refused_and_the_user_stays_logged_in()
    {
        using var browser = NewBrowser();
        await LogInAsync(browser, Bob, BobPassword);

        // What another page could make the browser send: the cookies, and no token.
        using (var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var account = await browser.GetAsync("/account"))
        {
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
            Assert.Contains(Bob, await account.Content.ReadAsStringAsync());
        }

        // The form in the page's header, with its token, does log out.
        var token = await TokenOnAsync(browser, "/account");
        using (var logout = await browser.PostAsync("/account/logout", Form(("__RequestVerificationToken", token))))
        {
            Assert.Equal(HttpStatusCode.Found, logout.StatusCode);
            Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        }

        using (var account = await browser.GetAsync("/account"))
        {
            Assert.Equal(HttpStatusCode.Found, account.StatusCode);
        }
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = NewBrowser();

        using var response = await browser.PostAsync("/account/login", Form(("email", Bob), ("password", BobPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(".Login.Session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_password_goes_back_to_the_form_with_a_message_and_the_same_next()
    {
        using var browser = NewBrowser();
        var token = await TokenOnAsync(browser, "/login?next=%2Faccount");

        using var response = await browser.PostAsync("/account/login", Form(
            ("__RequestVerificationToken", token), ("email", Bob), ("password", "not bob's password"), ("next", "/account")));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=%2Faccount", response.Headers.Location?.OriginalString);
        var form = await browser.GetStringAsync(response.Headers.Location);
        Assert.Contains("That email and password do not match an account. Check them and try again.", form);
        using var account = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Found, account.StatusCode);
    }

    [Theory]
    [InlineData("/account", "/account")]
    [InlineData(null, "/live")]
    [InlineData("//evil.example/phish", "/live")]
    [InlineData("https://evil.example/phish", "/live")]
    [InlineData("/\\evil.example", "/live")]
    public async Task A_login_goes_back_to_next_only_when_it_is_a_page_of_this_site(string? next, string location)
    {
        using var browser = NewBrowser();

        var response = await LogInAsync(browser, Bob, BobPassword, next);

        Assert.Equal(location, response);
    }

    [Fact]
    public async Task The_notifications_hub_refuses_an_anonymous_connection()
    {
        using var browser = NewBrowser();

        using var response = await browser.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task On_start_it_prints_where_it_listens_and_the_demo_accounts()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); // printed once Kestrel has started: wait for it
        while (!app.Output.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var output = app.Output;
        Assert.Contains($"Login.BlazorApp is running: open {app.BaseAddress}live", output);
        Assert.Contains($"log in as {Bob} with the password {BobPassword}", output);
        Assert.Contains("log in as alice@example.com with the password alice-lantern", output);
    }

    // The shared jar (tests/Shared/Http); the app runs in its own process on the real clock, which judges cookie expiry.
    private HttpClient NewBrowser() => new(CookieJarHandler.OverHttp(new CookieJar(TimeProvider.System)))
    {
        BaseAddress = app.BaseAddress,
    };

    /// <summary>Logs in through the form, as a browser would; returns where the endpoint redirected.</summary>
    private static async Task<string?> LogInAsync(HttpClient browser, string email, string password, string? next = null)
    {
        var token = await TokenOnAsync(browser, "/login");
        List<(string, string)> fields = [("__RequestVerificationToken", token), ("email", email), ("password", password)];
        if (next is not null)
        {
            fields.Add(("next", next));
        }

        using var response = await browser.PostAsync("/account/login", Form([.. fields]));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location?.OriginalString;
    }

    private static async Task<string> TokenOnAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        return AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new Xunit.Sdk.XunitException($"No antiforgery token on {page}:\n{html}");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [GeneratedRegex("""name="__RequestVerificationToken" value="(?<token>[^"]+)"\s*/?>""")]
    private static partial Regex AntiforgeryField();
}
