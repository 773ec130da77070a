using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>ended-families [--postgres ADMIN] [--count N[,N…]]</c>: what an instance holds for N ended logins, and how long it
/// takes to learn them. With PostgreSQL: a database with none (the control) and one with N ended logins, each with a
/// marker login ended last; an instance is started on each in a fresh process (<see cref="MeasureInstanceCommand"/>)
/// and measured before its start and once it refuses the marker and serves a live login. The cost of the N endings is
/// the difference between the two growths, so what any instance allocates to start (Kestrel, Npgsql, the JIT) cancels
/// out. The baseline for the time: the same pages read from the store by a bare loop (<see cref="ILoginSessionStore.GetEndedSinceAsync"/>,
/// 1,000 a page as the instance reads them), in the same run. Then the same N endings in the in-memory store. Several
/// counts show how the times grow with N.
/// </summary>
internal static class EndedFamiliesCommand
{
    /// <summary>A desktop browser's User-Agent, about the length the store keeps for a real login.</summary>
    private const string BrowserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(31);

    private const int PageSize = 1000;

    public static async Task<int> RunAsync(string? adminConnectionString, IReadOnlyList<int> counts)
    {
        Console.WriteLine($"== ended families: {string.Join(", ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))}; load average {LoadAverage.Read()}");
        var rows = new List<Row>();
        if (adminConnectionString is not null)
        {
            foreach (var ended in counts.Prepend(0))
            {
                var database = await BenchmarkDatabase.CreateAsync(adminConnectionString, $"login_ended_{ended}");
                var setup = Stopwatch.StartNew();
                var marker = await PrepareAsync(database, ended);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   PostgreSQL: {ended:N0} ended logins and the marker written in {setup.Elapsed.TotalSeconds:0.0} s; starting an instance"));
                var result = await MeasureAsync(["measure-instance", "--postgres", database.ConnectionString, "--marker", marker]);
                rows.Add(new("PostgreSQL", ended, result, await ReadPagesAsync(database)));
                await BenchmarkDatabase.DropAsync(adminConnectionString, database);
            }
        }

        foreach (var ended in counts)
        {
            Console.WriteLine($"   in memory: ending {ended:N0} logins in a running instance");
            rows.Add(new("in memory", ended, await MeasureAsync(["measure-instance", "--memory", "--count", ended.ToString(CultureInfo.InvariantCulture)]), null));
        }

        Report(rows);
        return 0;
    }

    /// <summary>
    /// The baseline for an instance's catch-up: every ending read from the store in pages as the instance reads them,
    /// by a loop that keeps nothing. Returns milliseconds.
    /// </summary>
    private static async Task<double> ReadPagesAsync(BenchmarkDatabase database)
    {
        // Built, not started: the store and its connection pool, without Login's background services.
        await using var app = StoreApp.Build(database.ConnectionString);
        var store = app.Services.GetRequiredService<ILoginSessionStore>();
        await store.GetEndedSinceAsync(0, 1, CancellationToken.None); // the schema check and the first connection, not timed
        var clock = Stopwatch.StartNew();
        var cursor = 0L;
        LoginEndingsPage page;
        do
        {
            page = await store.GetEndedSinceAsync(cursor, PageSize, CancellationToken.None);
            cursor = page.Cursor;
        }
        while (page.HasMore);

        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// One ended login as the store records it: a user of 100,000, logged in within the last 30 days for the default
    /// 31-day session, last seen and ended halfway to now, not remembered.
    /// </summary>
    public static LoginFamily Family(int i, DateTimeOffset now)
    {
        var created = now - TimeSpan.FromSeconds(i * 7919L % (long)TimeSpan.FromDays(30).TotalSeconds);
        var seen = created + (now - created) / 2;
        return new LoginFamily
        {
            Id = LoginFamily.NewId(),
            UserId = (i % 100_000).ToString(CultureInfo.InvariantCulture),
            UserType = "Member",
            CreatedAt = created,
            LastSeenAt = seen,
            ExpiresAt = created + Lifetime,
            Remembered = false,
            // A string of its own, as a request's header value is: the in-memory store keeps one per login.
            UserAgent = new string(BrowserUserAgent.AsSpan()),
            IpAddress = string.Create(CultureInfo.InvariantCulture, $"203.0.113.{i % 250 + 1}"),
            EndedAt = seen,
        };
    }

    /// <summary>
    /// A real login (the marker) through an instance of the app, then <paramref name="ended"/> endings written in one
    /// transaction, then the marker ended through <see cref="ILoginSessions"/>, so its ending is the last in sequence.
    /// Returns the marker's cookie.
    /// </summary>
    private static async Task<string> PrepareAsync(BenchmarkDatabase database, int ended)
    {
        await using var app = StoreApp.Build(database.ConnectionString);
        StoreApp.LoadKeyRing(app);
        // Starting makes the schema (the store's own) and the key ring; stopping stops this instance's sync, which
        // would otherwise read every ending below into this process for nothing.
        await app.StartAsync();
        var marker = await Http.LoginAsync(StoreApp.Address(app), 1);
        var sessions = app.Services.GetRequiredService<ILoginSessions>();
        var markerId = (await sessions.ListAsync("1"))[0].Id;
        await app.StopAsync();
        if (ended > 0)
        {
            await WriteEndingsAsync(database, ended);
        }

        if (!await sessions.EndAsync(markerId))
        {
            throw new InvalidOperationException("the marker login was not live");
        }

        return marker;
    }

    /// <summary>
    /// Bulk setup in the store's schema, as its own ending does it: the rows' <c>ended_seq</c> are taken from the
    /// <c>login_counters</c> row in the same transaction, so the sequence stays the store's. No NOTIFY: nobody listens.
    /// Then ANALYZE, which autovacuum would have done on a table that grew to this size over days.
    /// </summary>
    private static async Task WriteEndingsAsync(BenchmarkDatabase database, int count)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long last;
        await using (var counter = new NpgsqlCommand(
            "UPDATE login_counters SET value = value + $1 WHERE name = 'ended' RETURNING value;", connection, transaction)
        {
            Parameters = { new() { Value = (long)count } },
        })
        {
            last = (long)(await counter.ExecuteScalarAsync())!;
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY login_families (id, user_id, user_type, created_at, last_seen_at, expires_at, remembered, user_agent, ip_address, ended_at, ended_seq)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var family = Family(i, now);
                await copy.StartRowAsync();
                await copy.WriteAsync(family.Id, NpgsqlDbType.Text);
                await copy.WriteAsync(family.UserId, NpgsqlDbType.Text);
                await copy.WriteAsync(family.UserType!, NpgsqlDbType.Text);
                await copy.WriteAsync(family.CreatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(family.LastSeenAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(family.ExpiresAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(family.Remembered, NpgsqlDbType.Boolean);
                await copy.WriteAsync(family.UserAgent!, NpgsqlDbType.Text);
                await copy.WriteAsync(family.IpAddress!, NpgsqlDbType.Text);
                await copy.WriteAsync(family.EndedAt!.Value, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(last - count + 1 + i, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        await BenchmarkDatabase.ExecuteAsync(connection, "ANALYZE login_families;");
    }

    private static async Task<Dictionary<string, string>> MeasureAsync(string[] arguments)
    {
        await using var child = ChildProcess.Start(arguments);
        return Fields.Parse(await child.WaitForAsync(MeasureInstanceCommand.Result, TimeSpan.FromMinutes(10)));
    }

    private static void Report(List<Row> rows)
    {
        Console.WriteLine();
        // PostgreSQL: from the start of StartAsync (which waits for the catch-up, at most Login's startup wait). In memory:
        // from the first of the N logins created and ended through the store.
        Console.WriteLine("| Store | Ended logins | Start / store calls | Marker refused | Live login served | Same pages, bare loop | Managed heap: before → after (growth) | VmRSS: before → after (growth) | VmHWM |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var before = row.Result.Memory("before_");
            var after = row.Result.Memory("after_");
            var first = row.Result.ContainsKey("start_ms") ? row.Result.Number("start_ms") : row.Result.Number("store_ms");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Store} | {row.Ended:N0} | {Seconds(first)} | {Seconds(row.Result.Number("refused_ms"))} | {Seconds(row.Result.Number("served_ms"))} | " +
                $"{(row.PagesMs is { } pages ? Seconds(pages) : "")} | " +
                $"{Mb(before.ManagedBytes)} → {Mb(after.ManagedBytes)} ({Mb(after.ManagedBytes - before.ManagedBytes)}) | " +
                $"{Mb(before.RssBytes)} → {Mb(after.RssBytes)} ({Mb(after.RssBytes - before.RssBytes)}) | {Mb(after.PeakRssBytes)} |"));
        }

        Console.WriteLine();
        var control = rows.Find(r => r.Store == "PostgreSQL" && r.Ended == 0);
        foreach (var row in rows.Where(r => r.Ended > 0))
        {
            if (row.Store == "PostgreSQL" && control is not null)
            {
                var served = row.Result.Number("served_ms") - control.Result.Number("served_ms");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL, {row.Ended:N0}: per ended login (growth minus the control's) managed heap {PerLogin(Growth(row.Result, "managed") - Growth(control.Result, "managed"), row.Ended)}, " +
                    $"VmRSS {PerLogin(Growth(row.Result, "rss") - Growth(control.Result, "rss"), row.Ended)}; every login served {Seconds(served)} later than with none, " +
                    $"{served / row.PagesMs!.Value:0.0}x the bare loop's {Seconds(row.PagesMs.Value)}"));
            }
            else if (row.Store == "in memory")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"In memory, {row.Ended:N0}: per ended login (store and ended set together) managed heap {PerLogin(Growth(row.Result, "managed"), row.Ended)}, " +
                    $"VmRSS {PerLogin(Growth(row.Result, "rss"), row.Ended)}"));
            }
        }

        Console.WriteLine($"load average {LoadAverage.Read()}");
    }

    private static double Growth(Dictionary<string, string> result, string what) => result.Number("after_" + what) - result.Number("before_" + what);

    private static string PerLogin(double bytes, int count) => string.Create(CultureInfo.InvariantCulture, $"{bytes / count:0} bytes");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");

    private static string Seconds(double milliseconds) => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.00} s");

    private sealed record Row(string Store, int Ended, Dictionary<string, string> Result, double? PagesMs);
}
