using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>What needs no browser: the guard's redirect, the API's 401, the stylesheet, where the data lives.</summary>
[Collection(WebAppCollection.Name)]
public sealed partial class HttpTests(RunningWebApp app) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = app.BaseAddress,
    };

    [Theory]
    [InlineData("/account", "/login?next=%2Faccount")]
    [InlineData("/account/sessions", "/login?next=%2Faccount%2Fsessions")]
    [InlineData("/account/password", "/login?next=%2Faccount%2Fpassword")]
    [InlineData("/account/reauthenticate", "/login?next=%2Faccount%2Freauthenticate")]
    public async Task A_guarded_page_sends_an_anonymous_visitor_to_the_login_form_with_next(string page, string location)
    {
        using var response = await _http.GetAsync(page);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer lwa_not-a-key-anyone-has")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRhOnNlY3JldA==")]
    public async Task The_api_answers_401_problem_details_without_a_valid_key(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedProblem(response);
    }

    [Theory]
    [InlineData(null, null, "Bearer realm=\"api\"")]
    [InlineData(null, "text/html", "Bearer realm=\"api\"")] // not JSON: ASP.NET Core's own ProblemDetails writer declines
    [InlineData("Basic YWRhOnNlY3JldA==", "application/json", "Bearer realm=\"api\"")]
    [InlineData("Bearer lwa_not-a-key-anyone-has", null, "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key is not valid.\"")]
    public async Task The_api_401_names_the_bearer_scheme_and_speaks_of_the_api(string? authorization, string? accept, string challenge)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedProblem(response);
        Assert.Equal(challenge, Assert.Single(response.Headers.WwwAuthenticate).ToString());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.Contains("This API needs your API key", detail);
        Assert.Contains("Authorization: Bearer <key>", detail);
        Assert.DoesNotContain("page", problem.RootElement.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("this page", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_page_401_challenge_is_still_a_redirect_without_www_authenticate()
    {
        using var response = await _http.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task The_stylesheet_is_served_by_the_app_itself()
    {
        var home = await _http.GetStringAsync("/");
        var href = StylesheetLink().Match(home) is { Success: true } match
            ? match.Groups["href"].Value
            : throw new Xunit.Sdk.XunitException($"No stylesheet link on the home page:\n{home}");

        Assert.StartsWith("/", href); // on this site, not a CDN
        using var response = await _http.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".sessions", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_database_and_the_keys_are_in_the_configured_folder()
    {
        var data = app.DataDirectory.FullName;

        Assert.True(File.Exists(Path.Combine(data, "users.db")), $"users.db is missing from {data}");
        Assert.True(File.Exists(Path.Combine(data, "logins.db")), $"logins.db is missing from {data}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""<link rel="stylesheet" href="(?<href>[^"]+)">""")]
    private static partial Regex StylesheetLink();
}
