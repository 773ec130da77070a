using System.Net;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>Errors a visitor meets are pages of the site that say what to do, not blank pages.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ErrorPageTests(RunningWebApp app) : IDisposable
{
    private const string Password = "correct horse battery";

    private readonly SiteClient _site = new(app.BaseAddress);

    [Fact]
    public async Task Log_out_with_a_stale_antiforgery_token_is_a_friendly_400_page()
    {
        // Two tabs: the first is left open, the second logs out; then the first tab's "Log out" button is pressed.
        await _site.RegisterAndLogInAsync($"tabs-{Guid.NewGuid():N}@example.com", Password);
        var firstTab = await _site.GetPageAsync("/account");
        var secondTab = await _site.GetPageAsync("/account");
        using (var loggedOut = await _site.PostFormAsync("/logout", secondTab, new Dictionary<string, string>()))
        {
            Assert.Equal("/", loggedOut.Headers.Location?.OriginalString);
        }

        using var stale = await _site.PostFormAsync("/logout", firstTab, new Dictionary<string, string>());

        await AssertErrorPageAsync(stale, HttpStatusCode.BadRequest, "The form you sent had expired");
    }

    [Theory]
    [InlineData("/logout")]
    [InlineData("/login")]
    [InlineData("/register")]
    public async Task A_form_post_without_the_antiforgery_token_is_a_400_page(string path)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "mallory@example.com",
            ["password"] = "a password long enough",
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };

        using var response = await http.PostAsync(path, form);

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "The form you sent had expired");
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/account/no-such-page")]
    [InlineData("/error")] // the error page itself, asked for directly, is not a page to show
    public async Task An_unknown_url_is_a_404_page(string path)
    {
        using var response = await _site.GetAsync(path);

        await AssertErrorPageAsync(response, HttpStatusCode.NotFound, "There is no page at this address");
    }

    [Fact]
    public async Task The_api_keeps_its_own_401_body()
    {
        using var response = await _site.GetAsync("/api/me");

        await ProblemAssert.IsUnauthorizedProblem(response);
    }

    public void Dispose() => _site.Dispose();

    internal static async Task AssertErrorPageAsync(HttpResponseMessage response, HttpStatusCode status, string explanation)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"""id="error" data-status="{(int)status}" """.TrimEnd(), body);
        Assert.Contains(explanation, body);
        Assert.Contains("Lantern", body); // the site's layout, with its way back home
    }
}
