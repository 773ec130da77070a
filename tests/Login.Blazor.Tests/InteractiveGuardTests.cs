using Login.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Login.Blazor.Tests;

/// <summary>
/// Navigations inside a circuit never reach the HTTP guard: LoginRouteView decides by the same rule, renders nothing of a
/// page that does not pass, and loads the login (or refresh) view with the page as next, as the HTTP guard would redirect.
/// Every requirement × anonymous, logged in (fresh or not), another login, and a stale store.
/// </summary>
public sealed class InteractiveGuardTests
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = 20_000 };
    private static readonly PageAssertionsToHaveURLOptions WithinUrl = new() { Timeout = 20_000 };

    private static async Task<(IPage Page, IAsyncDisposable Scope)> OnHomeAsync(BlazorTestApp app, int? user, bool fresh = true)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await DebianChromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var page = user is { } id ? await CircuitTests.LoggedInPageAsync(context, app, id, fresh) : await context.NewPageAsync();
        await CircuitTests.OpenInteractiveAsync(page, app, "/");
        return (page, new Closing(playwright, browser));
    }

    private sealed class Closing(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [ChromiumFact]
    public async Task Anonymous_navigations_to_guarded_pages_go_to_the_login_view_and_AllowAnonymous_wins()
    {
        await using var app = await BlazorTestApp.StartAsync();
        var (page, scope) = await OnHomeAsync(app, user: null);
        await using var _ = scope;

        await page.Locator("#to-open").ClickAsync();
        await Expect(page.Locator("#open")).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("anonymous", Within);
        await page.GoBackAsync();
        await Expect(page.Locator("#interactive")).ToHaveTextAsync("interactive", Within);

        await page.Locator("#to-guarded").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.Address, "login?next=%2Fguarded").ToString(), WithinUrl);

        await CircuitTests.OpenInteractiveAsync(page, app, "/");
        await page.Locator("#to-fresh").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.Address, "login?next=%2Ffresh").ToString(), WithinUrl);
    }

    [ChromiumFact]
    public async Task A_login_that_is_not_fresh_reaches_guarded_pages_and_goes_to_the_refresh_view_for_fresh_ones()
    {
        await using var app = await BlazorTestApp.StartAsync();
        var (page, scope) = await OnHomeAsync(app, user: 1, fresh: false);
        await using var _ = scope;

        await page.Locator("#to-guarded").ClickAsync();
        await Expect(page.Locator("#guarded")).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("user 1", Within);
        await Expect(page.Locator("#interactive")).ToHaveTextAsync("interactive", Within);

        await page.Locator("#to-home").ClickAsync();
        await page.Locator("#to-fresh").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.Address, "refresh?next=%2Ffresh").ToString(), WithinUrl);
    }

    [ChromiumFact]
    public async Task A_fresh_login_reaches_the_fresh_page_and_another_login_is_untouched_by_its_logout()
    {
        await using var app = await BlazorTestApp.StartAsync();
        var (page, scope) = await OnHomeAsync(app, user: 1);
        await using var _ = scope;
        var (other, otherScope) = await OnHomeAsync(app, user: 2);
        await using var __ = otherScope;
        await other.Locator("#to-guarded").ClickAsync();
        await Expect(other.Locator("#who")).ToHaveTextAsync("user 2", Within);

        await page.Locator("#to-fresh").ClickAsync();
        await Expect(page.Locator("#fresh")).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("user 1", Within);
        await page.GotoAsync(new Uri(app.Address, "logout").ToString());

        await Task.Delay(1_500); // past the revalidation interval: the other login's circuit still shows its page
        await Expect(other.Locator("#guarded")).ToBeVisibleAsync();
        await Expect(other.Locator("#who")).ToHaveTextAsync("user 2", Within);
    }

    [ChromiumFact]
    public async Task A_circuit_event_after_the_store_went_stale_shows_the_guarded_page_as_refused_without_breaking_the_circuit()
    {
        await using var app = await BlazorTestApp.StartAsync();
        var (page, scope) = await OnHomeAsync(app, user: 1);
        await using var _ = scope;
        await page.Locator("#to-guarded").ClickAsync();
        // The guarded page itself, not only "#who", which the home page shows too: going stale before the navigation
        // ended made the guarded page render refused, with no "#count" to click (CI once timed out waiting for it).
        await Expect(page.Locator("#guarded")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#who")).ToHaveTextAsync("user 1", Within);
        await using var stale = new StaleStore(app.Services.GetRequiredService<LoginService>());
        await page.Locator("#count").ClickAsync();

        await Expect(page.Locator(".login-store-unavailable")).ToBeVisibleAsync();
        await Expect(page.Locator("#guarded")).ToHaveCountAsync(0);
        await Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        Assert.Equal(new Uri(app.Address, "guarded").ToString(), page.Url); // refused in place (503 over HTTP), not sent to log in
    }
}
