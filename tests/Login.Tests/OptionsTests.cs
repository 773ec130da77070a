using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Tests;

/// <summary>Bad options stop the app at startup with a message that says what to change.</summary>
public class OptionsTests
{
    [Theory]
    [InlineData("//evil.example/login", "LoginOptions.LoginView is \"//evil.example/login\"")]
    [InlineData("javascript:alert(1)", "write a path that starts with '/'")]
    public async Task An_unusable_login_view_fails_at_startup(string view, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.LoginView = view));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_login_view_naming_no_endpoint_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(o => o.LoginView = "sign-in"));

        Assert.Contains("LoginOptions.LoginView is \"sign-in\"", error.Message);
        Assert.Contains(".WithName(\"sign-in\")", error.Message);
    }

    [Fact]
    public async Task A_login_view_can_be_an_endpoint_name()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "login-page");

        Assert.Equal("/login?next=%2Fsecret", (await app.NewBrowser().GetAsync("/secret")).Location);
    }

    [Fact]
    public async Task Options_are_read_from_the_Login_configuration_section()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Login:SessionProtection"] = "Strong",
            ["Login:RefreshView"] = "/again",
            ["Login:RememberCookie:Name"] = "keep_me",
        });
        var options = app.Services.GetRequiredService<IOptions<LoginOptions>>().Value;

        Assert.Equal(SessionProtection.Strong, options.SessionProtection);
        Assert.Equal("/again", options.RefreshView);
        Assert.Equal("/login", options.LoginView); // code runs after configuration
        var login = await app.NewBrowser().GetAsync("/login/1?remember=true");
        Assert.NotNull(login.Cookie("keep_me"));
    }

    [Fact]
    public async Task A_user_type_nothing_loads_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TestApp.StartAsync(o => o.UserType = typeof(UserWithoutLoader)));

        Assert.Contains("no [UserLoader], [RequestLoader] or [HeaderLoader] returns it", error.Message);
    }

    [Theory]
    [InlineData("bücher.example")]
    [InlineData("app.example\u0007")]
    [InlineData("evil.example/")]
    public async Task A_forced_host_that_cannot_go_in_a_Location_header_fails_at_startup(string host)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.ForceHostForRedirects = host));

        Assert.Contains("punycode for an international name", error.Message);
    }

    [Fact]
    public async Task A_negative_remember_duration_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TestApp.StartAsync(o => o.RememberCookieDuration = TimeSpan.FromDays(-1)));

        Assert.Contains("RememberCookieDuration must be positive", error.Message);
    }

    [Fact]
    public async Task A_negative_session_cache_size_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TestApp.StartAsync(o => o.SessionCacheSize = -1));

        Assert.Contains("SessionCacheSize must be 0 (off) or more", error.Message);
    }

    [Fact]
    public async Task The_session_cache_size_is_read_from_configuration()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Login:SessionCacheSize"] = "0" });

        Assert.Equal(0, app.Services.GetRequiredService<IOptions<LoginOptions>>().Value.SessionCacheSize);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public async Task Absolute_login_view_is_accepted()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "https://auth.example/login");
        var response = await app.NewBrowser().GetAsync("/secret");

        Assert.Equal("https://auth.example/login?next=http%3A%2F%2Flocalhost%2Fsecret", response.Location);
    }

    [Fact]
    public async Task A_negative_duration_passed_to_LoginUserAsync_is_an_argument_error()
    {
        await using var app = await TestApp.StartAsync();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => context.LoginUserAsync(new TestUser { Id = 1 }, remember: true, duration: TimeSpan.FromDays(-1)));
    }
}
