using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Login.Blazor.Tests;

/// <summary>
/// A circuit's login is fixed when it starts (dotnet/aspnetcore#65272): a reconnect from a request with another login
/// does not hand the circuit to that login, nor keep it running as the old user for whoever holds the browser now.
/// </summary>
public sealed class ReconnectTests
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = 10_000 };

    private static async Task ClickAsync(IPage page, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await page.Locator("#count").ClickAsync();
        }

        await Expect(page.Locator("#count")).ToHaveTextAsync($"clicks {times}", Within);
    }

    private static IEnumerable<Cookie> AsCookies(IReadOnlyList<BrowserContextCookiesResult> cookies) => cookies.Select(c => new Cookie
    {
        Name = c.Name,
        Value = c.Value,
        Domain = c.Domain,
        Path = c.Path,
        Expires = c.Expires,
        HttpOnly = c.HttpOnly,
        Secure = c.Secure,
        SameSite = c.SameSite,
    });

    [ChromiumFact]
    public async Task A_reconnect_with_the_same_login_keeps_the_circuit()
    {
        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await CircuitTests.LoggedInPageAsync(context, app, 1);
        await CircuitTests.OpenInteractiveAsync(page, app, "/");
        await ClickAsync(page, 2);

        Assert.True(app.DropCircuitConnections() > 0);
        await Task.Delay(500);
        await page.Locator("#count").ClickAsync(new() { Timeout = 10_000 }); // reaches the same circuit once reconnected

        await Expect(page.Locator("#count")).ToHaveTextAsync("clicks 3", Within);
        await Expect(page.Locator("#who")).ToHaveTextAsync("user 1", Within);
    }

    [ChromiumFact]
    public async Task Attacker_a_reconnect_with_another_users_cookies_does_not_continue_the_circuit_as_either_user()
    {
        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var first = await browser.NewContextAsync();
        var page = await CircuitTests.LoggedInPageAsync(first, app, 1);
        await CircuitTests.OpenInteractiveAsync(page, app, "/");
        await ClickAsync(page, 2);
        // Another person's cookies in the same browser, while user 1's login stays alive (not a logout).
        await using var second = await browser.NewContextAsync();
        await (await CircuitTests.LoggedInPageAsync(second, app, 2)).CloseAsync();
        await first.ClearCookiesAsync();
        await first.AddCookiesAsync(AsCookies(await second.CookiesAsync()));

        Assert.True(app.DropCircuitConnections() > 0);

        // The old circuit is refused and the page loads again: a new circuit (its state gone) as user 2 — never user 1's
        // circuit carrying on as user 2, and never user 1 for the person now at the browser.
        await Expect(page.Locator("#who")).ToHaveTextAsync("user 2", Within);
        await Expect(page.Locator("#count")).ToHaveTextAsync("clicks 0", Within);
        await Expect(page.Locator("#interactive")).ToHaveTextAsync("interactive", Within);
    }

    [ChromiumFact]
    public async Task Attacker_a_reconnect_with_old_cookies_after_a_logout_stays_anonymous()
    {
        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await CircuitTests.LoggedInPageAsync(context, app, 1);
        await CircuitTests.OpenInteractiveAsync(page, app, "/");
        var oldCookies = await context.CookiesAsync();
        var otherTab = await context.NewPageAsync();
        await otherTab.GotoAsync(new Uri(app.Address, "logout").ToString());
        await Expect(page.Locator("#who")).ToHaveTextAsync("anonymous", Within);

        // The attacker puts the cookies of the ended login back and reconnects the held circuit.
        await context.AddCookiesAsync(AsCookies(oldCookies));
        Assert.True(app.DropCircuitConnections() > 0);
        await Task.Delay(1_500);

        await Expect(page.Locator("#who")).ToHaveTextAsync("anonymous", Within);
        await Expect(page.Locator("#cascaded")).ToHaveTextAsync("cascaded anonymous", Within);
    }
}
