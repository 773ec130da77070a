using Microsoft.Playwright;
using Xunit;

namespace Login.Sample.Tests;

/// <summary>The README journey in a real browser: the form, its antiforgery token and the cookies all as Chromium handles them.</summary>
[Collection(SampleCollection.Name)]
public sealed class BrowserLoginTests(RunningLoginSample sample)
{
    // A bound for a loaded machine. The waits watch the address and the text, never a load event: under load Playwright
    // has missed one that had fired (the README tour's browser test timed out on a page showing the right text).
    private const float Patience = 30_000;

    [ChromiumFact]
    public async Task Visitor_logs_in_through_the_form_and_out_again()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = sample.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/protected");

        AssertOnLoginForm(page);
        Assert.Equal("Please log in to access this page.", (await page.InnerTextAsync("p.message")).Trim());

        await page.FillAsync("#email", SampleFacts.Email);
        await page.FillAsync("#password", SampleFacts.Password);
        await page.ClickAsync("input[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^?#]*/protected$"), new() { Timeout = Patience });

        await Assertions.Expect(page.Locator("body")).ToHaveTextAsync($"Logged in as: {SampleFacts.Email}", new() { Timeout = Patience });

        await page.GotoAsync("/logout");
        await page.ClickAsync("input[type=submit]"); // the form posts to /logout, where the page already is: wait for the answer's text

        await Assertions.Expect(page.Locator("body")).ToHaveTextAsync("Logged out", new() { Timeout = Patience });

        await page.GotoAsync("/protected");

        AssertOnLoginForm(page);
    }

    private static void AssertOnLoginForm(IPage page)
    {
        var url = new Uri(page.Url);
        Assert.Equal("/login", url.AbsolutePath);
        Assert.Equal("?next=%2Fprotected", url.Query);
    }
}
