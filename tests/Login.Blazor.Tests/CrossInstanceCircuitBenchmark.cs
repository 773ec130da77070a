using System.Globalization;
using Login.Stores.Tests.PostgreSql;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace Login.Blazor.Tests;

/// <summary>
/// Issue 17's other-instance circuit measurement, with a brief check that always runs. Instances A and B of the Blazor
/// test app, each a process of its own (A is this assembly run as a program: <see cref="InstanceProcess"/>; B is hosted
/// by the test), each with its LoginService, PostgreSQL store and LISTEN connection, on one PostgreSQL database. Chromium holds B's interactive circuit showing <c>user 1</c>; a plain HTTP client
/// with the browser's cookies logs out on A; a <c>MutationObserver</c> in the page records the moment B's
/// <c>&lt;AuthorizeView&gt;</c> shows <c>anonymous</c>, against the times the logout was sent and answered (one machine,
/// one clock). Without <c>LOGIN_BLAZOR_CROSS_INSTANCE_BENCHMARK</c> it makes 3 logouts (1 warm-up) and asserts only that
/// every circuit flipped within 20 s: numbers meaningless, every check on. With it (a number of logouts, after 20
/// warm-ups) it is a measurement, printed to the test output; never a timed assertion. <c>LOGIN_BLAZOR_POSTGRES</c> (an
/// admin connection string) uses a cluster the caller started (benchmarks/circuits/run.sh: durable settings) instead of
/// the tests' private one (fsync off). See docs/benchmarks.md, "Blazor circuits (issue 17)".
/// </summary>
public sealed class CrossInstanceCircuitBenchmark(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [ChromiumAndPostgreSqlFact]
    public async Task Logout_on_instance_A_flips_the_circuit_on_instance_B_measured_on_demand_else_3_logouts_checked()
    {
        var asked = int.TryParse(Environment.GetEnvironmentVariable("LOGIN_BLAZOR_CROSS_INSTANCE_BENCHMARK"), out var n) && n > 0;
        var measured = asked ? n : 3;
        var warmup = asked ? 20 : 1;

        PostgreSqlCluster? cluster = null;
        var admin = Environment.GetEnvironmentVariable("LOGIN_BLAZOR_POSTGRES");
        if (string.IsNullOrEmpty(admin))
        {
            cluster = new PostgreSqlCluster();
            await cluster.InitializeAsync();
            admin = cluster.AdminConnectionString;
        }

        try
        {
            var database = await CreateDatabaseAsync(admin);
            await using var b = await InstanceProcess.StartInProcessAsync(database);
            await using var a = await InstanceProcess.StartAsync(database);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await DebianChromium.LaunchAsync(playwright);
            await using var context = await browser.NewContextAsync();
            var tab = await context.NewPageAsync();
            using var instanceA = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = a.Address };

            var fromResponse = new List<double>(measured);
            var fromSent = new List<double>(measured);
            var clockSkew = 0.0;
            for (var i = 0; i < warmup + measured; i++)
            {
                var (sent, answered, flipped, skew) = await OnceAsync(tab, context, b, instanceA, i);
                Assert.True(flipped > 0, $"logout {i}: B's circuit did not show anonymous");
                clockSkew = Math.Max(clockSkew, skew);
                if (i >= warmup)
                {
                    fromResponse.Add(flipped - answered);
                    fromSent.Add(flipped - sent);
                }
            }

            Assert.Equal(measured, fromSent.Count);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"instance A (pid {a.Id}) and B (this test's process, pid {Environment.ProcessId}) on one PostgreSQL database ({(cluster is null ? "LOGIN_BLAZOR_POSTGRES" : "the tests' private cluster, fsync off")}); " +
                $"{warmup} warm-up logouts, then {measured} measured{(asked ? "" : " (the check: numbers meaningless)")}; " +
                $"largest gap seen between the page's two clocks {clockSkew:0.00} ms"));
            output.WriteLine("| Milliseconds | p50 | p90 | p99 | max | mean |");
            output.WriteLine("|---|---:|---:|---:|---:|---:|");
            output.WriteLine(Row("B's circuit anonymous in the browser, after A's logout response", fromResponse));
            output.WriteLine(Row("B's circuit anonymous in the browser, after the logout was sent", fromSent));
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One logout: log in on B in the browser, open B's page (an interactive circuit showing user 1), watch it, log out
    /// on A with the browser's cookies; returns the wall-clock milliseconds the logout was sent, answered, and B's page
    /// flipped, and the gap between the page's high-resolution clock and its <c>Date.now()</c>.
    /// </summary>
    private static async Task<(double Sent, double Answered, double Flipped, double Skew)> OnceAsync(
        IPage tab, IBrowserContext context, BlazorTestApp b, HttpClient instanceA, int round)
    {
        Assert.Equal("logged in", await (await tab.GotoAsync(new Uri(b.Address, "login/1").ToString()))!.TextAsync());
        await tab.GotoAsync(b.Address.ToString());
        await Assertions.Expect(tab.Locator("#interactive")).ToHaveTextAsync("interactive", new() { Timeout = 20_000 });
        await Assertions.Expect(tab.Locator("#who")).ToHaveTextAsync("user 1", new() { Timeout = 20_000 });
        // performance.timeOrigin + now(): the wall clock at the page's start plus a monotonic clock, finer than Date.now().
        var skew = await tab.EvaluateAsync<double>("""
            () => { window.flippedAt = 0; new MutationObserver(() => {
              if (!window.flippedAt && document.getElementById('who')?.textContent === 'anonymous') window.flippedAt = performance.timeOrigin + performance.now();
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
            return Math.abs(Date.now() - (performance.timeOrigin + performance.now())); }
            """);
        var cookie = string.Join("; ", (await context.CookiesAsync()).Select(c => c.Name + "=" + c.Value));
        using var logout = new HttpRequestMessage(HttpMethod.Get, "logout");
        logout.Headers.Add("Cookie", cookie);
        var sent = Now();
        using var response = await instanceA.SendAsync(logout);
        var answered = Now();
        Assert.Equal("logged out", await response.Content.ReadAsStringAsync());
        try
        {
            await tab.WaitForFunctionAsync("() => window.flippedAt > 0", null, new() { Timeout = (float)Bound.TotalMilliseconds, PollingInterval = 5 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"logout {round}: B's circuit still showed '{await tab.Locator("#who").TextContentAsync()}' {Bound.TotalSeconds:0} s after the logout on A");
        }

        Assert.Equal("anonymous", await tab.Locator("#who").TextContentAsync());
        return (sent, answered, await tab.EvaluateAsync<double>("() => window.flippedAt"), skew);
    }

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<string> CreateDatabaseAsync(string admin)
    {
        var name = "login_circuits_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static string Row(string label, List<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {Percentile(sorted, 50):0.00} | {Percentile(sorted, 90):0.00} | {Percentile(sorted, 99):0.00} | {sorted[^1]:0.00} | {sorted.Average():0.00} |");
    }

    /// <summary>Linear between the two nearest ranks, as the store benchmarks' tables.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
