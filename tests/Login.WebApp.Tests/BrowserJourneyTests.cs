using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Login.WebApp.Tests;

/// <summary>
/// Everything a person does with the site, in Chromium: register, get the password wrong, log in and stay logged in,
/// use the API key from a script (on a page that needs a fresh login), change the password through re-authentication, see and end their sessions from a
/// second device, log out. A screenshot of every page goes to <c>screenshots/journey/</c> in the test output.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class BrowserJourneyTests(RunningWebApp app)
{
    private const string Email = "ada@example.com";
    private const string FirstPassword = "correct horse battery";
    private const string NewPassword = "lantern in the window";

    // The Development names: the app runs on plain http://127.0.0.1, where __Host- cookies cannot be set.
    private const string SessionCookie = ".Login.Session";
    private const string RememberCookie = "remember_token";

    private const string SubmitButton = "main form button[type=submit]";

    [ChromiumFact]
    public async Task A_visitor_registers_logs_in_uses_the_api_changes_password_and_ends_sessions_elsewhere()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var shots = new Screenshots("journey");
        await using var laptop = await browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1100, Height = 720 },
        });
        var page = await laptop.NewPageAsync();

        await RegisterAsync(page, shots);
        await LogInWithRememberAsync(page, shots);
        await UseTheApiKeyAsync(page, shots);
        await ChangePasswordThroughReauthenticationAsync(laptop, page, shots);

        var phoneOptions = playwright.Devices["iPhone 13"];
        phoneOptions.BaseURL = app.BaseAddress.ToString();
        await using var phone = await browser.NewContextAsync(phoneOptions);
        var phonePage = await phone.NewPageAsync();

        await EndTheOtherSessionAsync(page, phonePage, shots);
        await LogOutEverywhereElseAsync(page, phonePage, shots);
        await LogOutAsync(laptop, page, shots);
    }

    private async Task RegisterAsync(IPage page, Screenshots shots)
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("#who")).ToHaveTextAsync("You are not logged in.");
        await Expect(page.Locator("main a[href='/login']")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "home-anonymous");

        await page.ClickAsync("header a[href='/register']");
        await ExpectAtAsync(page, "/register");

        await page.FillAsync("#email", Email);
        await page.FillAsync("#password", "short");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#password-error")).ToHaveTextAsync("Your password is too short: use at least 8 characters.");
        await Expect(page.Locator("#email")).ToHaveValueAsync(Email);
        await shots.TakeAsync(page, "register-password-too-short");

        await page.FillAsync("#password", FirstPassword);
        await page.ClickAsync(SubmitButton);
        await ExpectAtAsync(page, "/login");
        await Expect(page.Locator(".flash-success")).ToHaveTextAsync("Your account is ready. Log in to start.");
        await Expect(page.Locator("#email")).ToHaveValueAsync(Email);
        await shots.TakeAsync(page, "login-after-register");

        // The same address again, differently capitalised: still the same person.
        await page.GotoAsync("/register");
        await page.FillAsync("#email", "Ada@Example.com");
        await page.FillAsync("#password", "another good password");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#email-error")).ToHaveTextAsync("An account with this email already exists. Log in, or use another address.");
        await shots.TakeAsync(page, "register-duplicate-email");
    }

    private async Task LogInWithRememberAsync(IPage page, Screenshots shots)
    {
        await page.GotoAsync("/account");
        await ExpectAtAsync(page, "/login?next=%2Faccount");
        await Expect(page.Locator(".flash-message")).ToHaveTextAsync("Please log in to access this page.");

        await page.FillAsync("#email", Email);
        await page.FillAsync("#password", "not my password");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("That email and password do not match an account. Check them and try again.");
        await Expect(page.Locator("#email")).ToHaveValueAsync(Email);
        await Expect(page.Locator("#password")).ToHaveValueAsync("");
        await Expect(page.Locator("input[name=next]")).ToHaveValueAsync("/account");
        await shots.TakeAsync(page, "login-wrong-password");

        await page.FillAsync("#password", FirstPassword);
        await page.CheckAsync("#remember");
        await page.ClickAsync(SubmitButton);
        await ExpectAtAsync(page, "/account");
        await Expect(page.Locator(".flash-success")).ToHaveTextAsync($"Welcome back, {Email}.");
        await Expect(page.Locator("#account-email")).ToHaveTextAsync(Email);
        await Expect(page.Locator("#login-state")).ToContainTextAsync("Fresh");
        await Expect(page.Locator("#login-state")).ToContainTextAsync("remembered on this device");
        await Expect(page.Locator("#nav-account")).ToHaveTextAsync(Email);
        await shots.TakeAsync(page, "account");

        await page.GotoAsync("/");
        await Expect(page.Locator("#who")).ToHaveTextAsync(Email);
        await shots.TakeAsync(page, "home-logged-in");
    }

    private async Task UseTheApiKeyAsync(IPage page, Screenshots shots)
    {
        // The key is on a page of its own, which needs a fresh login: this one is (the password was just typed).
        await page.GotoAsync("/account");
        await Expect(page.Locator("#api-key-needs-password")).ToHaveCountAsync(0);
        await page.ClickAsync("#api-key-link");
        await ExpectAtAsync(page, "/account/api-key");
        var apiKey = (await page.Locator("#api-key").InnerTextAsync()).Trim();
        Assert.StartsWith("lwa_", apiKey);

        using var api = new ApiClient(app.BaseAddress);
        using (var me = await api.GetMeAsync(apiKey))
        {
            var body = await me.Content.ReadAsStringAsync();
            Assert.True(me.StatusCode == HttpStatusCode.OK, $"GET /api/me with the key: {(int)me.StatusCode} {body}");
            Assert.Equal("application/json", me.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(Email, json.RootElement.GetProperty("email").GetString());
            Assert.True(json.RootElement.GetProperty("id").GetInt32() > 0, body);
        }

        using (var anonymous = await api.GetMeAsync(apiKey: null))
        {
            await ProblemAssert.IsUnauthorizedProblem(anonymous);
        }

        // A new key replaces the old one at once.
        await page.ClickAsync("form[action*='handler=NewKey'] button");
        await Expect(page.Locator(".flash-success")).ToHaveTextAsync("You have a new API key. The old one no longer works.");
        var newKey = (await page.Locator("#api-key").InnerTextAsync()).Trim();
        Assert.NotEqual(apiKey, newKey);
        using (var old = await api.GetMeAsync(apiKey))
        {
            await ProblemAssert.IsUnauthorizedProblem(old);
        }

        using (var current = await api.GetMeAsync(newKey))
        {
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        }

        await shots.TakeAsync(page, "account-new-api-key");
    }

    private async Task ChangePasswordThroughReauthenticationAsync(IBrowserContext laptop, IPage page, Screenshots shots)
    {
        // The browser was closed and opened again: the session cookie is gone, the remember cookie logs the user back
        // in, and that login is not fresh.
        var cookies = await laptop.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == SessionCookie);
        Assert.Contains(cookies, c => c.Name == RememberCookie);
        await laptop.ClearCookiesAsync(new() { Name = SessionCookie });

        await page.GotoAsync("/account");
        await ExpectAtAsync(page, "/account");
        await Expect(page.Locator("#login-state")).ToContainTextAsync("Restored from");
        await Expect(page.Locator("#api-key-needs-password")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "account-restored-by-remember-cookie");

        // The API key needs the password first, as changing the password does.
        await page.ClickAsync("#api-key-link");
        await ExpectAtAsync(page, "/account/reauthenticate?next=%2Faccount%2Fapi-key");
        await Expect(page.Locator("#api-key")).ToHaveCountAsync(0);

        await page.GotoAsync("/account/password");
        await ExpectAtAsync(page, "/account/reauthenticate?next=%2Faccount%2Fpassword");
        await Expect(page.Locator(".flash-message")).ToHaveTextAsync("Please reauthenticate to access this page.");
        await Expect(page.Locator("#reauth-email")).ToHaveTextAsync(Email);
        await shots.TakeAsync(page, "reauthenticate");

        await page.FillAsync("#password", "not my password");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#reauth-error")).ToHaveTextAsync("That is not your password. Try again.");
        await shots.TakeAsync(page, "reauthenticate-wrong-password");

        await page.FillAsync("#password", FirstPassword);
        await page.ClickAsync(SubmitButton);
        await ExpectAtAsync(page, "/account/password");
        await shots.TakeAsync(page, "change-password");

        await page.FillAsync("#password", "short");
        await page.FillAsync("#confirm", "short");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#password-error")).ToHaveTextAsync("Your password is too short: use at least 8 characters.");

        await page.FillAsync("#password", NewPassword);
        await page.FillAsync("#confirm", NewPassword + "!");
        await page.ClickAsync(SubmitButton);
        await Expect(page.Locator("#password-error")).ToHaveTextAsync("The two passwords are different. Type the same new password twice.");
        await shots.TakeAsync(page, "change-password-mismatch");

        await page.FillAsync("#password", NewPassword);
        await page.FillAsync("#confirm", NewPassword);
        await page.ClickAsync(SubmitButton);
        await ExpectAtAsync(page, "/account");
        await Expect(page.Locator(".flash-success")).ToHaveTextAsync(
            "Your password has been changed. Your API key was replaced too: scripts need the new one.");
        await Expect(page.Locator("#login-state")).ToContainTextAsync("Fresh");
    }

    private async Task EndTheOtherSessionAsync(IPage laptop, IPage phone, Screenshots shots)
    {
        // The old password is gone; the new one works. An unsafe next is ignored: the login lands on the account page.
        await phone.GotoAsync("/login?next=" + Uri.EscapeDataString("https://evil.example/"));
        await phone.FillAsync("#email", Email);
        await phone.FillAsync("#password", FirstPassword);
        await phone.ClickAsync(SubmitButton);
        await Expect(phone.Locator("#login-error")).ToBeVisibleAsync();

        await phone.FillAsync("#password", NewPassword);
        await phone.CheckAsync("#remember");
        await phone.ClickAsync(SubmitButton);
        await ExpectAtAsync(phone, "/account");
        await shots.TakeAsync(phone, "phone-account");

        await laptop.GotoAsync("/account/sessions");
        var rows = laptop.Locator("#sessions tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var here = laptop.Locator("#sessions tbody tr.current");
        await Expect(here.Locator(".device")).ToHaveTextAsync("Headless Chrome on Linux");
        await Expect(here).ToContainTextAsync("This browser");
        await Expect(here.Locator(".ip")).ToHaveTextAsync("127.0.0.1");
        var other = laptop.Locator("#sessions tbody tr:not(.current)");
        await Expect(other.Locator(".device")).ToHaveTextAsync("Safari on iPhone");
        await Expect(other).ToContainTextAsync("Remembered");
        await Expect(other).ToContainTextAsync("just now");
        await Expect(other).Not.ToContainTextAsync("This browser");
        await shots.TakeAsync(laptop, "sessions");

        await other.Locator("button[type=submit]").ClickAsync();
        await Expect(laptop.Locator(".flash-success")).ToHaveTextAsync("Logged out Safari on iPhone (127.0.0.1).");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(laptop.Locator("#end-others")).ToHaveCountAsync(0);
        await shots.TakeAsync(laptop, "sessions-after-ending-the-phone");

        // Both of the phone's cookies belonged to that login: neither works any more.
        await phone.GotoAsync("/account");
        await ExpectAtAsync(phone, "/login?next=%2Faccount");
        await shots.TakeAsync(phone, "phone-logged-out");
    }

    private async Task LogOutEverywhereElseAsync(IPage laptop, IPage phone, Screenshots shots)
    {
        await phone.FillAsync("#email", Email);
        await phone.FillAsync("#password", NewPassword);
        await phone.ClickAsync(SubmitButton);
        await ExpectAtAsync(phone, "/account");

        await laptop.GotoAsync("/account/sessions");
        await Expect(laptop.Locator("#sessions tbody tr")).ToHaveCountAsync(2);
        await laptop.ClickAsync("#end-others");
        await Expect(laptop.Locator(".flash-success")).ToHaveTextAsync("Logged out 1 other session.");
        await Expect(laptop.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        await Expect(laptop.Locator("#sessions tbody tr.current")).ToHaveCountAsync(1);
        await shots.TakeAsync(laptop, "sessions-after-logging-out-everywhere-else");

        await phone.GotoAsync("/account");
        await ExpectAtAsync(phone, "/login?next=%2Faccount");
    }

    private async Task LogOutAsync(IBrowserContext laptop, IPage page, Screenshots shots)
    {
        await page.GotoAsync("/account");
        await page.ClickAsync("#logout");
        await ExpectAtAsync(page, "/");
        await Expect(page.Locator(".flash-success")).ToHaveTextAsync("You have been logged out.");
        await Expect(page.Locator("#who")).ToHaveTextAsync("You are not logged in.");
        await shots.TakeAsync(page, "logged-out");

        Assert.DoesNotContain(await laptop.CookiesAsync(), c => c.Name == RememberCookie);
        await page.GotoAsync("/account");
        await ExpectAtAsync(page, "/login?next=%2Faccount");
    }

    private Task ExpectAtAsync(IPage page, string pathAndQuery) =>
        Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, pathAndQuery).AbsoluteUri);
}
