using System.Net;

namespace Login.Tests;

/// <summary>[SessionStamp]: a changed password logs the user out everywhere, session and remember cookie alike.</summary>
public class SessionStampTests
{
    [Fact]
    public async Task Changing_the_stamp_ends_existing_sessions_on_their_next_request()
    {
        await using var app = await TestApp.StartAsync();
        var laptop = app.NewBrowser();
        var phone = app.NewBrowser();
        await laptop.GetAsync("/login/1");
        await phone.GetAsync("/login/1?remember=true");
        Assert.True(phone.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        Assert.Equal("secret of 1", (await phone.GetAsync("/secret")).Body);

        app.Directory.Users[1].PasswordHash = "hash-2";

        Assert.Equal(HttpStatusCode.Found, (await laptop.GetAsync("/secret")).Status);
        var phoneResponse = await phone.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, phoneResponse.Status);
        Assert.True(phoneResponse.Cookie("remember_token")!.Expires < app.Clock.GetUtcNow()); // the old remember cookie is refused and deleted
    }

    [Fact]
    public async Task A_remember_cookie_from_before_the_change_cannot_restore_the_login()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");

        app.Directory.Users[1].PasswordHash = "hash-2";

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status);
    }

    [Fact]
    public async Task Logging_in_again_after_the_change_works()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        app.Directory.Users[1].PasswordHash = "hash-3";

        await browser.GetAsync("/login/1");

        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
    }

    [Fact]
    public void The_stamp_is_generated_and_never_the_raw_value_in_cookies()
    {
        ISessionStamped user = new TestUser { Id = 1, PasswordHash = "s3cret-hash" };

        Assert.Equal("s3cret-hash", user.GetSessionStamp());
        Assert.Equal(8, Login.Sessions.SessionStamps.Of((IUser)user)!.Length);
    }
}
