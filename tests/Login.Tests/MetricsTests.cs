using System.Net;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>Login's counters move when logins, logouts and challenges happen.</summary>
public class MetricsTests
{
    [Fact]
    public async Task Counters_follow_logins_logouts_and_challenges()
    {
        await using var app = await TestApp.StartAsync();
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Login" && instrument.Meter.Scope == meterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
        var browser = app.NewBrowser();

        await browser.GetAsync("/secret");
        await browser.GetAsync("/login/1");
        await browser.GetAsync("/logout");

        Assert.Equal(1, totals.GetValueOrDefault("login.logins"));
        Assert.Equal(1, totals.GetValueOrDefault("login.logouts"));
        Assert.Equal(1, totals.GetValueOrDefault("login.challenges"));
    }

    [Fact]
    public async Task A_restore_from_the_remember_cookie_counts_as_a_remember_restore()
    {
        await using var app = await TestApp.StartAsync();
        using var totals = new MeterTotals(app);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        browser.Cookies.Remove(".Login.Session");
        Assert.Equal(0, totals["login.remember_restores"]);

        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body);
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // from the session now: no second restore

        Assert.Equal(1, totals["login.remember_restores"]);
    }

    [Fact]
    public async Task A_session_seen_from_another_client_counts_once_per_request()
    {
        await using var app = await TestApp.StartAsync();
        using var totals = new MeterTotals(app);
        var browser = app.NewBrowser();
        browser.Headers["User-Agent"] = "Browser A";
        await browser.GetAsync("/login/1");
        await browser.GetAsync("/secret");
        Assert.Equal(0, totals["login.sessions_protected"]);

        browser.Headers["User-Agent"] = "Browser B";
        await browser.GetAsync("/secret");
        await browser.GetAsync("/secret");

        Assert.Equal(2, totals["login.sessions_protected"]);
    }

    [Fact]
    public async Task An_old_remember_token_used_after_its_rotation_counts_as_a_theft()
    {
        await using var app = await TestApp.StartAsync();
        using var totals = new MeterTotals(app);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var thief = app.NewBrowser();
        thief.Cookies["remember_token"] = browser.Cookies["remember_token"];
        browser.Cookies.Remove(".Login.Session");
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // rotates the token
        Assert.Equal(0, totals["login.remember_token_thefts"]);

        app.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace
        Assert.Equal(HttpStatusCode.Found, (await thief.GetAsync("/secret")).Status);

        Assert.Equal(1, totals["login.remember_token_thefts"]);
    }
}
