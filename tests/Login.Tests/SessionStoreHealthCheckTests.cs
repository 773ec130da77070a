using System.Net;
using Login.Sessions;
using Login.Sessions.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Login.Tests;

/// <summary><c>AddHealthChecks().AddLoginSessionStore()</c>: healthy while the store answers and this instance is current.</summary>
public class SessionStoreHealthCheckTests
{
    [Fact]
    public async Task The_health_endpoint_fails_while_the_store_cannot_be_reached_and_recovers_with_it()
    {
        var store = new SwitchableStore();
        await using var app = await TestApp.StartAsync(
            services: s =>
            {
                s.AddSingleton<ILoginSessionStore>(store); // before AddLogin, which then keeps it
                s.AddHealthChecks().AddLoginSessionStore();
            },
            map: app => app.MapHealthChecks("/healthz"));
        var client = app.NewBrowser();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), Answer(await client.GetAsync("/healthz")));

        store.Down = true;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), Answer(await client.GetAsync("/healthz")));

        store.Down = false;
        Assert.Equal((HttpStatusCode.OK, "Healthy"), Answer(await client.GetAsync("/healthz")));
    }

    [Fact]
    public async Task The_report_says_how_current_this_instance_is_and_fails_once_it_is_stale()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogin(o =>
        {
            o.UserType = typeof(TestUser);
            o.SessionStoreMaxStaleness = TimeSpan.FromSeconds(30);
        });
        services.AddHealthChecks().AddLoginSessionStore(name: "sessions");
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();
        // No host here, so nothing syncs; the test moves this instance's knowledge of ended logins by hand.
        var ended = provider.GetRequiredService<LoginService>().Families.Ended;

        var entry = (await health.CheckHealthAsync()).Entries["sessions"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains("nothing keeps this instance in step", entry.Description, StringComparison.Ordinal);
        Assert.Equal("InMemoryLoginSessionStore", entry.Data["store"]);

        ended.StartTracking(); // syncing started, and the store has not answered it yet
        entry = (await health.CheckHealthAsync()).Entries["sessions"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("has not caught up with its ended logins since it started", entry.Description, StringComparison.Ordinal);

        ended.MarkSynced(Environment.TickCount64);
        entry = (await health.CheckHealthAsync()).Entries["sessions"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.InRange((double)entry.Data["synced_seconds_ago"], 0, 5);

        ended.MarkSynced(Environment.TickCount64 - 45_000);
        entry = (await health.CheckHealthAsync()).Entries["sessions"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.InRange((double)entry.Data["synced_seconds_ago"], 45, 60);
        Assert.Contains("(the limit is 30 s)", entry.Description, StringComparison.Ordinal);
        Assert.Null(entry.Exception); // the store answered: it is this instance that is behind
    }

    [Fact]
    public async Task An_unreachable_store_is_reported_with_its_exception_and_the_chosen_failure_status()
    {
        var store = new SwitchableStore { Down = true };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ILoginSessionStore>(store);
        services.AddLogin(o => o.UserType = typeof(TestUser));
        services.AddHealthChecks().AddLoginSessionStore(failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        var entry = report.Entries["login_session_store"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.IsType<LoginStoreUnavailableException>(entry.Exception);
        Assert.StartsWith("Login's session store cannot be reached", entry.Description, StringComparison.Ordinal);
    }

    private static (HttpStatusCode, string) Answer(TestResponse response) => (response.Status, response.Body);
}
