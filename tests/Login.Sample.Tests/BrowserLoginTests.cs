using Microsoft.Playwright;
using Xunit;

namespace Login.Sample.Tests;

/// <summary>The README journey in a real browser: the form, its antiforgery token and the cookies all as Chromium handles them.</summary>
[Collection(SampleCollection.Name)]
public sealed class BrowserLoginTests(RunningLoginSample sample)
{
    private static readonly PageWaitForURLOptions PageLoad = new() { Timeout = 30_000 };

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
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/protected", PageLoad);

        Assert.Equal($"Logged in as: {SampleFacts.Email}", (await page.InnerTextAsync("body")).Trim());

        await page.GotoAsync("/logout");
        await page.ClickAsync("input[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/logout", PageLoad);

        Assert.Equal("Logged out", (await page.InnerTextAsync("body")).Trim());

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
