using System.Net;

namespace Login.Blazor.Tests;

/// <summary>
/// Static rendering of a page with <c>@attribute [LoginRequired&lt;BlazorUser&gt;]</c> is an HTTP request, answered by the
/// HTTP guard from the component's attributes: anonymous to the type's login view (<c>LoginViewFor&lt;BlazorUser&gt;</c>),
/// a login of the type sees the page. (A login of another type gets 403 there, as for any endpoint: this app has one user
/// type, so that is shown in tests/Login.UserTypes.Tests and, in a circuit, by UserTypeRouteViewTests.)
/// </summary>
public sealed class UserTypeStaticGuardTests : IAsyncLifetime
{
    private BlazorTestApp _app = default!;

    public async Task InitializeAsync() => _app = await BlazorTestApp.StartAsync(o => o.LoginViewFor<BlazorUser>("/members/login"));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/members-only")]
    [InlineData("/members-fresh")]
    public async Task Anonymous_is_redirected_to_the_types_login_view(string path)
    {
        using var client = _app.NewHttpClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/members/login?next=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_page_of_any_type_keeps_the_apps_login_view()
    {
        using var client = _app.NewHttpClient();

        using var response = await client.GetAsync("/guarded");

        Assert.Equal("/login?next=%2Fguarded", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_login_of_the_type_sees_the_page()
    {
        using var client = _app.NewHttpClient();
        Assert.Equal("logged in", await client.GetStringAsync("/login/1"));

        var body = await client.GetStringAsync("/members-only");

        Assert.Contains("id=\"members-only\"", body, StringComparison.Ordinal);
        Assert.Contains("<p id=\"who\">user 1</p>", body, StringComparison.Ordinal);
    }
}
