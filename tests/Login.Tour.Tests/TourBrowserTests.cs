using Microsoft.Playwright;
using Xunit;

namespace Login.Tour.Tests;

/// <summary>
/// The README's five-minute tour in Chromium, as a reader who pasted it into a new app would try it: the login form
/// with its antiforgery token, the messages, "Remember me", the page that needs a fresh login, and the logout button.
/// A screenshot of every page goes to <see cref="RunningTour.ScreenshotFolder"/>.
/// </summary>
public sealed class TourBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private static int _screenshots;

    private static Uri Address => RunningTour.Address ?? throw new InvalidOperationException($"{RunningTour.AddressVariable} is not set.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [TourFact]
    public async Task A_visitor_logs_in_through_the_form_reaches_the_guarded_pages_and_logs_out()
    {
        await using var browser = await NewBrowserAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync("secret");
        await WaitForAsync(page, "/login?next=%2Fsecret");
        await Assertions.Expect(page.Locator("p.message")).ToHaveTextAsync("Please log in to access this page.");
        await SnapAsync(page, "login-form");

        await LogInAsync(page, RunningTour.AdaEmail, "not her password");
        await Assertions.Expect(page.Locator("p.error")).ToHaveTextAsync("Wrong email or password.");
        await WaitForAsync(page, "/login?next=%2Fsecret");
        await SnapAsync(page, "wrong-password");

        await LogInAsync(page, RunningTour.BobEmail, RunningTour.BobPassword);
        await Assertions.Expect(page.Locator("p.error")).ToHaveTextAsync("This account is disabled.");
        await SnapAsync(page, "inactive-user");

        await LogInAsync(page, RunningTour.AdaEmail, RunningTour.AdaPassword);
        await WaitForAsync(page, "/secret");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("The secret page, for ada@example.com only.");
        var cookies = await browser.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == RunningTour.SessionCookie);
        Assert.DoesNotContain(cookies, c => c.Name == RunningTour.RememberCookie);
        await SnapAsync(page, "secret");

        await page.GotoAsync("");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Logged in as ada@example.com.");
        await SnapAsync(page, "home-logged-in");

        await page.GotoAsync("settings");
        await WaitForAsync(page, "/settings");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Settings of ada@example.com");

        // The logout button of the guarded page, which posts to /logout (not guarded).
        await page.GotoAsync("secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.message")).ToHaveTextAsync("You are logged out.");
        await WaitForAsync(page, "/");
        await SnapAsync(page, "logged-out");

        await page.GotoAsync("secret");
        await WaitForAsync(page, "/login?next=%2Fsecret");
    }

    [TourFact]
    public async Task A_remembered_login_survives_closing_the_browser_and_asks_for_the_password_before_settings()
    {
        IReadOnlyList<BrowserContextCookiesResult> kept;
        await using (var first = await NewBrowserAsync())
        {
            var page = await first.NewPageAsync();
            await page.GotoAsync("login");
            await page.GetByLabel("Remember me").CheckAsync();
            await LogInAsync(page, RunningTour.AdaEmail, RunningTour.AdaPassword);
            await WaitForAsync(page, "/");
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Logged in as ada@example.com.");

            // Closing the browser ends its session cookies; cookies with an expiry stay.
            kept = (await first.CookiesAsync()).Where(c => c.Expires > 0).ToList();
        }

        Assert.Contains(kept, c => c.Name == RunningTour.RememberCookie);
        Assert.DoesNotContain(kept, c => c.Name == RunningTour.SessionCookie);

        await using var second = await NewBrowserAsync();
        await second.AddCookiesAsync(kept.Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            Expires = c.Expires,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        var again = await second.NewPageAsync();

        await again.GotoAsync("secret");
        await WaitForAsync(again, "/secret");
        await Assertions.Expect(again.Locator("body")).ToContainTextAsync("The secret page, for ada@example.com only.");
        await SnapAsync(again, "remembered-secret");

        await again.GotoAsync("settings");
        await WaitForAsync(again, "/login?next=%2Fsettings");
        await Assertions.Expect(again.Locator("p.message")).ToHaveTextAsync("Please reauthenticate to access this page.");
        await SnapAsync(again, "reauthenticate");

        await LogInAsync(again, RunningTour.AdaEmail, RunningTour.AdaPassword);
        await WaitForAsync(again, "/settings");
        await Assertions.Expect(again.Locator("body")).ToContainTextAsync("Settings of ada@example.com");
        await SnapAsync(again, "settings-after-reauthentication");

        await again.GotoAsync("");
        await again.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(again.Locator("p.message")).ToHaveTextAsync("You are logged out.");
        Assert.DoesNotContain(await second.CookiesAsync(), c => c.Name == RunningTour.RememberCookie);
    }

    private Task<IBrowserContext> NewBrowserAsync() =>
        _browser!.NewContextAsync(new() { BaseURL = Address.ToString() });

    private static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>
    /// Waits until the page shows <paramref name="pathAndQuery"/>, compared as the browser sends it (escaped). On a
    /// timeout, says where the page is instead, what it shows and which cookies the browser holds (CI once timed out
    /// after the reauthentication form with nothing else to go on; this message then showed the page at /settings).
    /// </summary>
    private static async Task WaitForAsync(IPage page, string pathAndQuery)
    {
        try
        {
            // The address alone, polled: no load event. Playwright once missed a load event that had fired and timed out
            // on a page at the right address showing the right text; and WaitForURLAsync, when the page is already at
            // the address, waits for the load state even when asked to stop at the commit (a clean-clone CI run here
            // timed out that way, at "/", showing "Logged in as ..."). What the page shows is asserted next, and those
            // assertions wait for it.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (new Uri(page.Url).PathAndQuery != pathAndQuery)
            {
                if (waited.Elapsed > Patience)
                {
                    throw new TimeoutException($"the page did not reach {pathAndQuery}");
                }

                await Task.Delay(50);
            }
        }
        catch (TimeoutException e)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            var cookies = await page.Context.CookiesAsync();
            throw new TimeoutException(
                $"Waited {Patience} for {pathAndQuery}; the page is at {page.Url}, showing \"{text[..Math.Min(text.Length, 500)]}\"; " +
                $"the browser holds the cookies {string.Join(", ", cookies.Select(c => $"{c.Name} ({c.Value.Length} characters, expires {c.Expires})"))}.", e);
        }
    }

    private async Task SnapAsync(IPage page, string name)
    {
        Directory.CreateDirectory(RunningTour.ScreenshotFolder);
        var file = Path.Combine(RunningTour.ScreenshotFolder, $"{Interlocked.Increment(ref _screenshots):00}-{name}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
    }
}
