using System.Diagnostics;
using System.Net;
using Login.Sessions.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// Fail closed: once this instance has not heard from the session store for longer than
/// <see cref="LoginOptions.SessionStoreMaxStaleness"/>, a guarded request with a login is answered 503 with
/// <c>Retry-After</c> by Login itself, in an app with no exception handler of its own.
/// </summary>
public class StoreUnavailableTests
{
    [Fact]
    public async Task A_guarded_request_gets_503_with_Retry_After_from_Login_once_the_store_is_out_of_reach_too_long()
    {
        var store = new SwitchableStore();
        var maxStaleness = TimeSpan.FromSeconds(2);
        await using var app = await TestApp.StartAsync(o => o.SessionStoreMaxStaleness = maxStaleness,
            services: s => s.AddSingleton<ILoginSessionStore>(store)); // before AddLogin, which then keeps it
        using var totals = new MeterTotals(app);
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/login/1")).Body);

        store.Down = true;
        var down = Stopwatch.StartNew();
        TestResponse response;
        do
        {
            // Until the bound Login serves from what it knows: the login still passes (or, on a machine slow enough to
            // miss a poll, is already refused the same way): never a redirect, never an error.
            response = await browser.GetAsync("/secret");
            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{response.Status} after {down.Elapsed}");
            if (response.Status == HttpStatusCode.OK)
            {
                await Task.Delay(200);
            }
        }
        while (response.Status == HttpStatusCode.OK && down.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.True(response.Headers?.RetryAfter is { } retry && (retry.Delta > TimeSpan.Zero || retry.Date is not null), $"Retry-After: {response.Headers?.RetryAfter}");
        Assert.Null(response.Location);
        Assert.Empty(response.SetCookies); // the cookies are kept for when the store is back
        Assert.True(totals["login.store_unavailable"] >= 1);
        var counted = totals["login.store_unavailable"];
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await browser.GetAsync("/secret")).Status);
        Assert.Equal(counted + 1, totals["login.store_unavailable"]);

        store.Down = false; // the poll brings this instance back by itself
        var back = Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            response = await browser.GetAsync("/secret");
        }
        while (response.Status != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal("secret of 1", response.Body);
    }
}
