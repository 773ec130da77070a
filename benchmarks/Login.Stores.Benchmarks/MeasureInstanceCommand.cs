using System.Diagnostics;
using System.Net;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>measure-instance</c>, in a fresh process: what one app instance holds for the ended logins it knows of, and how
/// long it takes to learn them. Prints one line, <see cref="Result"/> followed by <see cref="Fields"/>.
/// <list type="bullet">
/// <item><c>--postgres CS --marker COOKIE</c>: the database already holds the endings; the instance starts, catching up
/// (Login's hosted service, before the app serves, for at most its startup wait), and has caught up when it refuses the
/// marker, a real login ended after all the others, and serves a live login (not 503: a guard fails closed while the
/// instance cannot vouch for its ended set). Memory is measured before the start and after.</item>
/// <item><c>--memory --count N</c>: the in-memory store. The instance starts and serves a login; then N logins are
/// created and ended through <see cref="ILoginSessionStore"/> (what a logout does to the store), the marker last; it is
/// caught up when it refuses the marker. Memory is measured before the endings and after: the store's share and the
/// instance's ended set together.</item>
/// </list>
/// </summary>
internal static class MeasureInstanceCommand
{
    public const string Result = "result ";

    public static async Task<int> RunPostgreSqlAsync(string connectionString, string marker)
    {
        await using var app = StoreApp.Build(connectionString);
        StoreApp.LoadKeyRing(app);
        var before = ProcessMemory.Measure();
        var started = Stopwatch.GetTimestamp();
        await app.StartAsync();
        try
        {
            var startMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var address = StoreApp.Address(app);
            // A login needs the store, not the ended set: it works while the instance is still catching up.
            var live = await Http.LoginAsync(address, 2);
            var refusedMs = (await UntilAsync(address, marker, HttpStatusCode.Unauthorized, started)).TotalMilliseconds;
            var servedMs = (await UntilAsync(address, live, HttpStatusCode.OK, started)).TotalMilliseconds;
            var after = ProcessMemory.Measure();
            Console.WriteLine(Result + Fields.Format(
                [("start_ms", startMs), ("refused_ms", refusedMs), ("served_ms", servedMs), .. Fields.Of("before_", before), .. Fields.Of("after_", after)]));
        }
        finally
        {
            await app.StopAsync();
        }

        return 0;
    }

    public static async Task<int> RunInMemoryAsync(int count)
    {
        await using var app = StoreApp.Build(connectionString: null);
        await app.StartAsync();
        try
        {
            await MeasureInMemoryAsync(app, count);
        }
        finally
        {
            await app.StopAsync();
        }

        return 0;
    }

    private static async Task MeasureInMemoryAsync(WebApplication app, int count)
    {
        var address = StoreApp.Address(app);
        var live = await Http.LoginAsync(address, 2);
        await UntilAsync(address, live, HttpStatusCode.OK, Stopwatch.GetTimestamp());
        var store = app.Services.GetRequiredService<ILoginSessionStore>();
        var sessions = app.Services.GetRequiredService<ILoginSessions>();
        await EndAsync(store, 1); // the code path once, so its first run is not in the measurement
        var before = ProcessMemory.Measure();

        var started = Stopwatch.GetTimestamp();
        await EndAsync(store, count);
        var storeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var marker = await Http.LoginAsync(address, 1);
        var markerId = (await sessions.ListAsync("1"))[0].Id;
        if (!await sessions.EndAsync(markerId))
        {
            throw new InvalidOperationException("the marker login was not live");
        }

        var refusedMs = (await UntilAsync(address, marker, HttpStatusCode.Unauthorized, started)).TotalMilliseconds;
        var servedMs = (await UntilAsync(address, live, HttpStatusCode.OK, started)).TotalMilliseconds;
        var after = ProcessMemory.Measure();
        Console.WriteLine(Result + Fields.Format(
            [("store_ms", storeMs), ("refused_ms", refusedMs), ("served_ms", servedMs), .. Fields.Of("before_", before), .. Fields.Of("after_", after)]));
    }

    /// <summary>Creates and ends <paramref name="count"/> logins of 100,000 users through the store, as logins and logouts would.</summary>
    private static async Task EndAsync(ILoginSessionStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var family = EndedFamiliesCommand.Family(i, now);
            await store.CreateAsync(family with { EndedAt = null }, CancellationToken.None);
            await store.EndAsync(family.Id, now, CancellationToken.None);
        }
    }

    /// <summary>
    /// Asks for the guarded page with <paramref name="cookie"/> until it answers <paramref name="want"/>: 401 for the
    /// marker (a 200 means its ending is not read yet), 200 for a live login. Meanwhile 503 is expected: the instance
    /// cannot vouch for any login until it has caught up. Every 5 ms, or 50 ms after a 503 (each is logged as a warning).
    /// </summary>
    private static async Task<TimeSpan> UntilAsync(Uri address, string cookie, HttpStatusCode want, long since)
    {
        while (true)
        {
            var status = await Http.GuardedAsync(address, cookie);
            if (status == want)
            {
                return Stopwatch.GetElapsedTime(since);
            }

            if (status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            {
                throw new InvalidOperationException($"/guarded answered {(int)status} where {(int)want} was awaited");
            }

            if (Stopwatch.GetElapsedTime(since) > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"/guarded did not answer {(int)want} within 5 minutes");
            }

            await Task.Delay(status == HttpStatusCode.ServiceUnavailable ? 50 : 5);
        }
    }
}
