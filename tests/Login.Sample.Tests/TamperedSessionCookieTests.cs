using Xunit;

namespace Login.Sample.Tests;

/// <summary>
/// A session cookie the server did not write, or wrote and someone changed, must leave the visitor anonymous: a
/// 302 to the form, never the page and never a 500 (SPEC §7). The cookie is sent by hand so nothing rewrites it.
/// </summary>
[Collection(SampleCollection.Name)]
public sealed class TamperedSessionCookieTests(RunningLoginSample sample)
{
    [Fact]
    public async Task Genuine_cookie_sent_by_hand_opens_the_page()
    {
        // The control for the tests below: without it, a broken Cookie header would make them pass for nothing.
        var genuine = await LogInAndTakeSessionCookieAsync();

        using var response = await GetProtectedWithSessionCookieAsync(genuine);

        await ResponseAssert.Body($"Logged in as: {SampleFacts.Email}", response);
    }

    [Fact]
    public async Task One_character_changed_in_the_middle_is_anonymous()
    {
        var genuine = await LogInAndTakeSessionCookieAsync();
        var middle = genuine.Length / 2;
        // Both are base64url characters, so the value still decodes: it is the authentication that must catch it.
        var changed = genuine[middle] == 'A' ? 'B' : 'A';
        var tampered = string.Concat(genuine.AsSpan(0, middle), changed.ToString(), genuine.AsSpan(middle + 1));

        using var response = await GetProtectedWithSessionCookieAsync(tampered);

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, response);
    }

    [Fact]
    public async Task Truncated_cookie_is_anonymous()
    {
        var genuine = await LogInAndTakeSessionCookieAsync();

        using var response = await GetProtectedWithSessionCookieAsync(genuine[..(genuine.Length / 2)]);

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, response);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("not*base64!")]
    [InlineData("leafstorm")]
    public async Task Made_up_value_is_anonymous(string value)
    {
        using var response = await GetProtectedWithSessionCookieAsync(value);

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, response);
    }

    [Theory]
    [InlineData('A')]
    [InlineData('!')]
    public async Task Oversized_value_is_anonymous(char filler)
    {
        using var response = await GetProtectedWithSessionCookieAsync(new string(filler, 5000));

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, response);
    }

    [Fact]
    public async Task A_copy_of_the_cookie_kept_past_logout_is_anonymous()
    {
        using var visitor = new Visitor(sample.BaseAddress);
        using var login = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password);
        var copy = SetCookieHeader.Find(login, SampleFacts.SessionCookie)!.Value;
        using (var beforeLogout = await GetProtectedWithSessionCookieAsync(copy))
        {
            await ResponseAssert.Body("Logged in as: leafstorm", beforeLogout);
        }

        using var logout = await visitor.LogOutAsync();
        await ResponseAssert.Body("Logged out", logout);
        using var replayed = await GetProtectedWithSessionCookieAsync(copy);

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, replayed);
    }

    private async Task<string> LogInAndTakeSessionCookieAsync()
    {
        using var visitor = new Visitor(sample.BaseAddress);
        using var response = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password);
        await ResponseAssert.RedirectsTo("/protected", response);
        var cookie = SetCookieHeader.Find(response, SampleFacts.SessionCookie);
        Assert.NotNull(cookie);
        return cookie.Value;
    }

    private async Task<HttpResponseMessage> GetProtectedWithSessionCookieAsync(string value)
    {
        // No cookie container: the header goes out exactly as written, even when it is not a valid cookie.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = sample.BaseAddress,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/protected");
        request.Headers.TryAddWithoutValidation("Cookie", $"{SampleFacts.SessionCookie}={value}");
        var response = await client.SendAsync(request);
        // Read now: the client is disposed on return, and the assertions may want the body.
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
