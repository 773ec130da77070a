using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Login.BlazorApp.Tests;

/// <summary>
/// The sample in Chromium, as two people use it: Alice with the live page in one tab and her account in another, Bob in
/// another browser. Alice logs out in her second tab; her first tab's live page leaves for the login page on its own and
/// its notifications connection is closed by the server; Bob's page, circuit and connection carry on. Screenshots of each
/// moment go to <c>screenshots/live-logout/</c> in the test output.
/// </summary>
[Collection(BlazorAppCollection.Name)]
public sealed class LiveLogoutTests(RunningBlazorApp app)
{
    private const string Alice = "alice@example.com";
    private const string AlicePassword = "alice-lantern";
    private const string Bob = "bob@example.com";
    private const string BobPassword = "bob-lantern";

    // Bounds for a loaded 2-core machine, not measurements: every wait is for a state, and ends as soon as it holds.
    private static readonly PageAssertionsToHaveURLOptions SoonUrl = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToContainTextOptions SoonText = new() { Timeout = 10_000 };
    private static readonly TimeSpan SoonSpan = TimeSpan.FromSeconds(10);

    [ChromiumFact]
    public async Task A_logout_in_one_tab_sends_the_other_tabs_live_page_to_the_login_page_closes_its_connection_and_leaves_another_user_alone()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var shots = new Screenshots("live-logout");
        await using var aliceBrowser = await NewContextAsync(browser);
        await using var bobBrowser = await NewContextAsync(browser);

        // Alice: the live page in tab 1 (through the login form, which the guard sends her to), her account in tab 2.
        var aliceLive = await aliceBrowser.NewPageAsync();
        var aliceLiveHub = HubSocketOf(aliceLive);
        await LogInThroughTheFormAsync(aliceLive, Alice, AlicePassword, remember: true, shots);
        await ExpectLiveAsync(aliceLive, Alice);
        var aliceAccount = await aliceBrowser.NewPageAsync();
        await aliceAccount.GotoAsync("account");
        await Expect(aliceAccount.Locator("#account-email")).ToHaveTextAsync(Alice);
        await Expect(aliceAccount.Locator("#hub-status")).ToHaveAttributeAsync("data-state", "connected", SoonAttribute);

        // Bob, in another browser.
        var bobLive = await bobBrowser.NewPageAsync();
        await LogInThroughTheFormAsync(bobLive, Bob, BobPassword, remember: false, shots: null);
        await ExpectLiveAsync(bobLive, Bob);

        // A notification reaches Alice's tabs through the hub.
        await SendAsync(aliceLive, "Hello from Alice's first tab");
        await Expect(aliceLive.Locator("#notifications li")).ToContainTextAsync("Hello from Alice's first tab", SoonText);
        await shots.TakeAsync(aliceLive, "alice-tab-1-live");
        await shots.TakeAsync(bobLive, "bob-live");

        // Hold tab 1's trip to the login page, so the page it leaves, with its connection's status line, can still be read.
        var leaving = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await aliceLive.RouteAsync(new Regex("/login\\?"), async route =>
        {
            leaving.TrySetResult(route.Request.Url);
            await release.Task;
            await route.ContinueAsync();
        });

        // Alice logs out in tab 2, with the button in the header (a POST with the antiforgery token).
        await aliceAccount.ClickAsync("#logout");
        await Expect(aliceAccount).ToHaveURLAsync(Url("login"), SoonUrl);
        await Expect(aliceAccount.Locator(".flash-success")).ToHaveTextAsync("You have been logged out.");
        await shots.TakeAsync(aliceAccount, "alice-tab-2-logged-out");

        try
        {
            // Tab 1, untouched by the test since: its circuit heard the logout and sent the browser to the login page,
            // with the live page as next.
            Assert.Equal(Url("login?next=%2Flive"), await leaving.Task.WaitAsync(SoonSpan));

            // Its page is still there (the trip is held, so nothing of it was unloaded): the hub connection's socket
            // was closed all the same, by the server.
            var hub = await aliceLiveHub.Task.WaitAsync(SoonSpan);
            await hub.Closed.Task.WaitAsync(SoonSpan);
            Assert.Equal(Url("live"), aliceLive.Url);
        }
        finally
        {
            release.TrySetResult();
        }

        await Expect(aliceLive).ToHaveURLAsync(Url("login?next=%2Flive"), SoonUrl);
        await Expect(aliceLive.Locator("h1")).ToHaveTextAsync("Log in");
        await Expect(aliceLive.Locator("#hub-status")).ToHaveCountAsync(0); // anonymous: no connection is opened
        await shots.TakeAsync(aliceLive, "alice-tab-1-at-login");

        // Bob: still on the live page, his circuit still ticking, his connection still open and still delivering.
        Assert.Equal(Url("live"), bobLive.Url);
        await Expect(bobLive.Locator("#live-user")).ToContainTextAsync(Bob);
        await Expect(bobLive.Locator("#hub-status")).ToHaveAttributeAsync("data-state", "connected");
        var shown = await bobLive.Locator("#clock").InnerTextAsync();
        await Expect(bobLive.Locator("#clock")).Not.ToHaveTextAsync(shown, new() { Timeout = 10_000 });
        await Expect(bobLive.Locator("#no-notifications")).ToBeVisibleAsync(); // Alice's notification was never his
        await SendAsync(bobLive, "Bob is still here");
        await Expect(bobLive.Locator("#notifications li")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(bobLive.Locator("#notifications li")).ToContainTextAsync("Bob is still here");
        await shots.TakeAsync(bobLive, "bob-untouched");
    }

    /// <summary>The page's first WebSocket to the notifications hub, and when it closes.</summary>
    private static TaskCompletionSource<HubSocket> HubSocketOf(IPage page)
    {
        var found = new TaskCompletionSource<HubSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/hubs/notifications", StringComparison.Ordinal))
            {
                return;
            }

            var hub = new HubSocket(socket.Url);
            socket.Close += (_, _) => hub.Closed.TrySetResult();
            found.TrySetResult(hub);
        };
        return found;
    }

    private sealed record HubSocket(string Url)
    {
        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<IBrowserContext> NewContextAsync(IBrowser browser) => await browser.NewContextAsync(new()
    {
        BaseURL = app.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1100, Height = 720 },
    });

    private async Task LogInThroughTheFormAsync(IPage page, string email, string password, bool remember, Screenshots? shots)
    {
        await page.GotoAsync("live");
        await Expect(page).ToHaveURLAsync(Url("login?next=%2Flive"));
        await Expect(page.Locator(".flash-message")).ToHaveTextAsync("Please log in to access this page.");
        if (shots is not null)
        {
            await shots.TakeAsync(page, "login");
        }

        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        if (remember)
        {
            await page.CheckAsync("#remember");
        }

        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(Url("live"), SoonUrl);
    }

    private static async Task ExpectLiveAsync(IPage page, string email)
    {
        await Expect(page.Locator("#live-user")).ToContainTextAsync(email);
        await Expect(page.Locator("#render-mode")).ToContainTextAsync("live", SoonText); // the circuit is up
        await Expect(page.Locator("#hub-status")).ToHaveAttributeAsync("data-state", "connected", SoonAttribute);
        await Expect(page.Locator("#hub-status")).ToHaveTextAsync($"Notifications: connected as {email}");
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.FillAsync("#message", text);
        await page.ClickAsync("#send");
    }

    private string Url(string relative) => new Uri(app.BaseAddress, relative).AbsoluteUri;
}
