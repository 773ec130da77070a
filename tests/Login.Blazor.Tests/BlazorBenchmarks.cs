using System.Diagnostics;
using Login.Components;
using Login.Connections;
using Login.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Login.Blazor.Tests;

/// <summary>
/// Not a timed test: a measurement, run on demand (LOGIN_BLAZOR_BENCHMARK=number of logouts; see docs/benchmarks.md),
/// otherwise it returns at once. Time from a logout to another tab's circuit showing the anonymous state, read in the
/// browser (a MutationObserver's Date.now() against the clock the logout started on: the same machine's), and the memory
/// Login adds per open circuit (its authentication state provider and the circuit's login, with its watch and timer).
/// </summary>
public sealed class BlazorBenchmarks(ITestOutputHelper output)
{
    [Fact]
    public async Task Logout_to_circuit_flipped_and_memory_per_circuit()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("LOGIN_BLAZOR_BENCHMARK"), out var logouts) || logouts <= 0)
        {
            return; // only when asked for
        }

        await using var app = await BlazorTestApp.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var tab = await context.NewPageAsync();
        var millis = new List<double>(logouts);
        for (var i = 0; i < logouts + 5; i++)
        {
            await tab.GotoAsync(new Uri(app.Address, "login/1").ToString());
            await tab.GotoAsync(app.Address.ToString());
            await Assertions.Expect(tab.Locator("#who")).ToHaveTextAsync("user 1", new() { Timeout = 10_000 });
            await tab.EvaluateAsync("""
                () => { window.flippedAt = 0; new MutationObserver(() => {
                  if (!window.flippedAt && document.getElementById('who')?.textContent === 'anonymous') window.flippedAt = Date.now();
                }).observe(document.body, { subtree: true, childList: true, characterData: true }); }
                """);
            // The other tab: a plain HTTP client with the same cookies, so nothing but the logout runs in the browser.
            using var otherTab = new HttpClient { BaseAddress = app.Address };
            otherTab.DefaultRequestHeaders.Add("Cookie", string.Join("; ", (await context.CookiesAsync()).Select(c => c.Name + "=" + c.Value)));
            var startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            (await otherTab.GetAsync("logout")).EnsureSuccessStatusCode();
            await tab.WaitForFunctionAsync("() => window.flippedAt > 0", null, new() { Timeout = 10_000, PollingInterval = 5 });
            var flippedAt = await tab.EvaluateAsync<double>("() => window.flippedAt");
            if (i >= 5)
            {
                millis.Add(flippedAt - startedAt); // after 5 warm-ups
            }
        }

        millis.Sort();
        output.WriteLine($"logout -> other tab's circuit anonymous, {millis.Count} logouts: p50 {Percentile(millis, 0.50):F0} ms, " +
            $"p99 {Percentile(millis, 0.99):F0} ms, max {millis[^1]:F0} ms");
        output.WriteLine($"memory Login adds per open circuit: {await MemoryPerCircuitAsync(app, 10_000):F0} bytes");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>
    /// Opens <paramref name="count"/> circuits' logins as Blazor opens them (provider, SetAuthenticationState from the
    /// hub's request, OpenCircuitAsync), keeps them open, and divides the memory retained by the count.
    /// </summary>
    private static async Task<double> MemoryPerCircuitAsync(BlazorTestApp app, int count)
    {
        using var client = app.NewHttpClient();
        var login = await client.GetAsync("login/1");
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c[..c.IndexOf(';')]));
        var logins = app.Services.GetRequiredService<ConnectionLogins>();
        var service = app.Services.GetRequiredService<LoginService>();
        var accessor = new HttpContextAccessor();
        var kept = new List<LoginAuthenticationStateProvider>(count);
        await using var scope = app.Services.CreateAsyncScope();

        async Task OpenAsync()
        {
            var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            request.Request.Headers.Cookie = cookie;
            accessor.HttpContext = request;
            var provider = new LoginAuthenticationStateProvider(accessor, logins, service);
            provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(new())));
            await provider.OpenCircuitAsync();
            accessor.HttpContext = null;
            kept.Add(provider);
        }

        for (var i = 0; i < 100; i++)
        {
            await OpenAsync(); // warm: the caches and pools that every later circuit shares
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            await OpenAsync();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Debug.Assert((await kept[^1].GetLoginAsync()).User.IsAuthenticated);
        var perCircuit = (after - before) / (double)count;
        GC.KeepAlive(kept);
        foreach (var provider in kept)
        {
            provider.Dispose();
        }

        return perCircuit;
    }
}
