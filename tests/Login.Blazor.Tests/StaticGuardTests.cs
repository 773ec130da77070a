using System.Net;
using Login.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Blazor.Tests;

/// <summary>
/// Static rendering (and the prerender of an interactive page) is an HTTP request: a routable component's attributes are
/// its endpoint's metadata, so Login's HTTP guard answers before the component renders. Every requirement × anonymous,
/// logged in (fresh or not), another login, and a store too stale to vouch for the login.
/// </summary>
public sealed class StaticGuardTests : IAsyncLifetime
{
    private BlazorTestApp _app = default!;

    public async Task InitializeAsync() => _app = await BlazorTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> AsAsync(int? user, bool fresh = true)
    {
        var client = _app.NewHttpClient();
        if (user is { } id)
        {
            Assert.Equal("logged in", await client.GetStringAsync($"/login/{id}?fresh={fresh}"));
        }

        return client;
    }

    [Theory]
    [InlineData("/guarded")]
    [InlineData("/static-guarded")]
    [InlineData("/fresh")]
    public async Task Anonymous_is_redirected_to_the_login_view_with_the_page_as_next(string path)
    {
        using var client = await AsAsync(null);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AllowAnonymous_on_the_component_wins()
    {
        using var client = await AsAsync(null);

        var body = await client.GetStringAsync("/open");

        Assert.Contains("id=\"open\"", body, StringComparison.Ordinal);
        Assert.Contains("<p id=\"who\">anonymous</p>", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/guarded")]
    [InlineData("/static-guarded")]
    [InlineData("/fresh")]
    [InlineData("/open")]
    public async Task A_fresh_login_sees_every_page_as_its_user(string path)
    {
        using var client = await AsAsync(1);

        var body = await client.GetStringAsync(path);

        Assert.Contains("<p id=\"who\">user 1</p>", body, StringComparison.Ordinal);
        Assert.Contains("cascaded 1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_that_is_not_fresh_is_sent_to_the_refresh_view_for_a_fresh_page_only()
    {
        using var client = await AsAsync(1, fresh: false);

        var fresh = await client.GetAsync("/fresh");
        var guarded = await client.GetStringAsync("/guarded");

        Assert.Equal(HttpStatusCode.Found, fresh.StatusCode);
        Assert.Equal("/refresh?next=%2Ffresh", fresh.Headers.Location!.OriginalString);
        Assert.Contains("<p id=\"who\">user 1</p>", guarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_login_sees_its_own_user()
    {
        using var first = await AsAsync(1);
        using var second = await AsAsync(2);

        Assert.Contains("<p id=\"who\">user 2</p>", await second.GetStringAsync("/guarded"), StringComparison.Ordinal);
        Assert.Contains("<p id=\"who\">user 1</p>", await first.GetStringAsync("/guarded"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/guarded")]
    [InlineData("/static-guarded")]
    [InlineData("/fresh")]
    public async Task The_cookies_of_a_login_that_ended_are_redirected_to_the_login_view_and_the_page_never_renders(string path)
    {
        var jar = new System.Net.CookieContainer();
        using var owner = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = _app.Address };
        Assert.Equal("logged in", await owner.GetStringAsync("/login/1"));
        var copied = string.Join("; ", jar.GetCookies(_app.Address).Select(c => c.Name + "=" + c.Value)); // taken by a thief
        Assert.Contains("<p id=\"who\">user 1</p>", await owner.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Equal("logged out", await owner.GetStringAsync("/logout"));
        using var thief = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.Address };

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", copied);
        using var response = await thief.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("id=\"who\"", body, StringComparison.Ordinal);
        using var open = new HttpRequestMessage(HttpMethod.Get, "/open");
        open.Headers.Add("Cookie", copied);
        using var openResponse = await thief.SendAsync(open);
        Assert.Contains("<p id=\"who\">anonymous</p>", await openResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_too_stale_to_vouch_for_the_login_refuses_the_guarded_page_with_503()
    {
        using var client = await AsAsync(1);
        var service = _app.Services.GetRequiredService<LoginService>();

        await using var stale = new StaleStore(service); // last heard from the store at boot: far longer ago than SessionStoreMaxStaleness
        Assert.True(service.Families.IsStale);
        var guarded = await client.GetAsync("/guarded");
        var open = await client.GetStringAsync("/open");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, guarded.StatusCode);
        Assert.Contains("<p id=\"who\">anonymous</p>", open, StringComparison.Ordinal);
    }
}
