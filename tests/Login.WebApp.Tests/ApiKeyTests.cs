using System.Net;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>
/// The API key is a password for scripts: only a login that typed the password may read or replace it, and changing the
/// password ends it. The attacker here is whoever finds a browser still logged in by its remember cookie.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ApiKeyTests(RunningWebApp app) : IDisposable
{
    private const string Password = "correct horse battery";
    private const string ReauthenticateForApiKey = "/account/reauthenticate?next=%2Faccount%2Fapi-key";

    private readonly SiteClient _site = new(app.BaseAddress);
    private readonly ApiClient _api = new(app.BaseAddress);

    [Fact]
    public async Task A_login_restored_from_the_remember_cookie_cannot_see_the_api_key()
    {
        await _site.RegisterAndLogInAsync(NewEmail(), Password);
        var key = await _site.ReadApiKeyAsync();

        _site.Restart();
        var account = await _site.GetPageAsync("/account");
        using var keyPage = await _site.GetAsync("/account/api-key");

        Assert.Contains("Restored from", account);
        Assert.DoesNotContain(key, account);
        Assert.Contains("asked for your password before the key is shown", account);
        Assert.Equal(HttpStatusCode.Found, keyPage.StatusCode);
        Assert.Equal(ReauthenticateForApiKey, keyPage.Headers.Location?.OriginalString);
        Assert.DoesNotContain(key, await keyPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_login_restored_from_the_remember_cookie_cannot_make_a_new_api_key()
    {
        await _site.RegisterAndLogInAsync(NewEmail(), Password);
        var key = await _site.ReadApiKeyAsync();

        _site.Restart();
        // A page of the restored login gives a valid antiforgery token, so only freshness can stop the POST.
        var account = await _site.GetPageAsync("/account");
        using var attempt = await _site.PostFormAsync("/account/api-key?handler=NewKey", account, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Found, attempt.StatusCode);
        Assert.StartsWith("/account/reauthenticate?next=", attempt.Headers.Location?.OriginalString);
        using (var me = await _api.GetMeAsync(key))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        // With the password typed again, the key is shown, and it is still the same one.
        var reauthenticate = await _site.GetPageAsync(ReauthenticateForApiKey);
        using (var confirmed = await _site.PostFormAsync(ReauthenticateForApiKey, reauthenticate, new Dictionary<string, string>
        {
            ["password"] = Password,
            ["next"] = "/account/api-key",
        }))
        {
            Assert.Equal("/account/api-key", confirmed.Headers.Location?.OriginalString);
        }

        Assert.Equal(key, await _site.ReadApiKeyAsync());
    }

    [Fact]
    public async Task After_a_password_change_the_old_api_key_gets_401()
    {
        await _site.RegisterAndLogInAsync(NewEmail(), Password);
        var oldKey = await _site.ReadApiKeyAsync();
        using (var before = await _api.GetMeAsync(oldKey))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var passwordPage = await _site.GetPageAsync("/account/password");
        using (var changed = await _site.PostFormAsync("/account/password", passwordPage, new Dictionary<string, string>
        {
            ["password"] = "lantern in the window",
            ["confirm"] = "lantern in the window",
        }))
        {
            Assert.Equal("/account", changed.Headers.Location?.OriginalString);
        }

        using (var old = await _api.GetMeAsync(oldKey))
        {
            await ProblemAssert.IsUnauthorizedProblem(old);
        }

        var newKey = await _site.ReadApiKeyAsync();
        Assert.NotEqual(oldKey, newKey);
        using var current = await _api.GetMeAsync(newKey);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    public void Dispose()
    {
        _site.Dispose();
        _api.Dispose();
    }

    private static string NewEmail() => $"key-{Guid.NewGuid():N}@example.com";
}
