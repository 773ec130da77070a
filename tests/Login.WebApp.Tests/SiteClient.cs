using System.Net;
using System.Text.RegularExpressions;
using Login.Testing.Http;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>
/// A browser without JavaScript, for the tests that need no Chromium: its own cookie jar, forms posted with the
/// antiforgery token of the page they are on, redirects not followed (the tests look at where they go).
/// </summary>
public sealed partial class SiteClient(Uri baseAddress) : IDisposable
{
    // The Development names: the app runs on plain http://127.0.0.1, where __Host- cookies cannot be set.
    public const string SessionCookie = ".Login.Session";
    public const string RememberCookie = "remember_token";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseAddress,
    };

    // The app runs in its own process on the real clock, so that is the clock cookie expiry is judged by.
    public CookieJar Jar { get; } = new(TimeProvider.System);

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location} {body}");
        return body;
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token found in <paramref name="page"/> (the page the form is on).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string page, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(page) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    /// <summary>Registers and logs in (fresh, with "keep me logged in"), as the forms do.</summary>
    public async Task RegisterAndLogInAsync(string email, string password)
    {
        var register = await GetPageAsync("/register");
        using (var registered = await PostFormAsync("/register", register, new Dictionary<string, string> { ["email"] = email, ["password"] = password }))
        {
            Assert.Equal("/login", registered.Headers.Location?.OriginalString);
        }

        var login = await GetPageAsync("/login");
        using var loggedIn = await PostFormAsync("/login", login, new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["remember"] = "true",
        });
        Assert.Equal("/account", loggedIn.Headers.Location?.OriginalString);
        Assert.True(Jar.Cookies.ContainsKey(SessionCookie) && Jar.Cookies.ContainsKey(RememberCookie), "Logging in set no session and remember cookies.");
    }

    /// <summary>The key on <c>/account/api-key</c>; the login must be fresh.</summary>
    public async Task<string> ReadApiKeyAsync()
    {
        var page = await GetPageAsync("/account/api-key");
        return ApiKeyElement().Match(page) is { Success: true } match
            ? match.Groups["key"].Value
            : throw new Xunit.Sdk.XunitException($"No API key on /account/api-key:\n{page}");
    }

    /// <summary>As a browser restarted: the session cookie is gone, the remember cookie logs the user back in (not fresh).</summary>
    public void Restart() => Jar.Cookies.Remove(SessionCookie);

    public static string TokenIn(string page) =>
        AntiforgeryInput().Match(page) is { Success: true } match
            ? match.Groups["token"].Value
            : throw new Xunit.Sdk.XunitException($"No antiforgery token in the page:\n{page}");

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        Jar.AddTo(request);
        var response = await _http.SendAsync(request);
        Jar.KeepFrom(response);
        return response;
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*?value=""(?<token>[^""]+)""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("""id="api-key">(?<key>lwa_[^<]+)<""")]
    private static partial Regex ApiKeyElement();
}
