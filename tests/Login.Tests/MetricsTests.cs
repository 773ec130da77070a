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
}
