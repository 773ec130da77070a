using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Login.Blazor.Tests;

/// <summary>
/// Interactive server circuits in a real browser against a real server: a circuit shows the Login user, keeps the login it
/// started with, and loses it (anonymous state, guarded page to the login view) within 1 s of its end anywhere.
/// </summary>
public sealed class CircuitTests
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = 20_000 }; // a loaded machine's bound
    private static readonly PageAssertionsToHaveURLOptions WithinUrl = new() { Timeout = 20_000 };

    internal static async Task<IPage> LoggedInPageAsync(IBrowserContext context, BlazorTestApp app, int user, bool fresh = true)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.Address, $"login/{user}?fresh={fresh}").ToString());
        return page;
    }

    internal static async Task OpenInteractiveAsync(IPage page, BlazorTestApp app, string path)
    {
        page.Console += (_, m) => Console.Error.WriteLine("console: " + m.Text);
        page.RequestFailed += (_, r) => Console.Error.WriteLine("failed: " + r.Url);
        await page.GotoAsync(new Uri(app.Address, path.TrimStart('/')).ToString());
        await Expect(page.Locator("#interactive")).ToHaveTextAsync("interactive", Within);
    }

    [ChromiumFact]
    public async Task A_circuit_shows_the_login_user_through_AuthorizeView_and_the_cascaded_state()
    {
        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await LoggedInPageAsync(context, app, 1);

        await OpenInteractiveAsync(page, app, "/guarded");

        await Expect(page.Locator("#who")).ToHaveTextAsync("user 1", Within);
        await Expect(page.Locator("#cascaded")).ToHaveTextAsync("cascaded 1", Within);
    }

    [ChromiumFact]
    public async Task Attacker_a_held_circuit_after_a_logout_in_another_tab_turns_anonymous_and_its_guarded_page_leaves()
    {
        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var guardedTab = await LoggedInPageAsync(context, app, 1);
        await OpenInteractiveAsync(guardedTab, app, "/guarded");
        var homeTab = await context.NewPageAsync();
        await OpenInteractiveAsync(homeTab, app, "/");
        await Expect(homeTab.Locator("#who")).ToHaveTextAsync("user 1", Within);
        var otherTab = await context.NewPageAsync();

        await otherTab.GotoAsync(new Uri(app.Address, "logout").ToString());

        // Without a reload: the circuit's state flips, and the guarded page goes to the login view with itself as next.
        await Expect(homeTab.Locator("#who")).ToHaveTextAsync("anonymous", Within);
        await Expect(homeTab.Locator("#cascaded")).ToHaveTextAsync("cascaded anonymous", Within);
        await Expect(guardedTab).ToHaveURLAsync(new Uri(app.Address, "login?next=%2Fguarded").ToString(), WithinUrl);
        await Expect(guardedTab.Locator("#login-view")).ToBeVisibleAsync();
    }
}
