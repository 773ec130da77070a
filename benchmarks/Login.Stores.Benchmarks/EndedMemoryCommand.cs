using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Login.Sessions;
using Login.Sessions.Store;

namespace Login.Stores.Benchmarks;

/// <summary>
/// <c>ended-memory [--count N]</c> (issue 21, item 8; issue 20): the managed bytes each ended login costs in memory, one
/// process, no database, each figure beside a baseline measured in the same run:
/// 1. an instance's ended set (<see cref="EndedFamilies"/>) holding N endings, against the structure it replaced (a
///    <c>ConcurrentDictionary&lt;Guid, long&gt;</c> of the same N);
/// 2. the in-memory store's ending list (<see cref="EndingList"/>) holding N endings, against the list it replaced
///    (<c>List&lt;LoginFamilyEnding&gt;</c>, ids as text), and the time to record N endings of mixed lifetimes (half an
///    hour, half 30 days, one a second) with expired ones dropped as they go, against the replaced algorithm (the same
///    list rescanned whole every 1,024 endings);
/// 3. an ended login through the in-memory store and the instance's set together (create, end, then the ending added
///    to the set, as a logout does), per login past the store's 100,000 records.
/// Heap sizes after full, compacting collections.
/// </summary>
internal static class EndedMemoryCommand
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Task<int> RunAsync(int count)
    {
        Console.WriteLine($"== ended-memory: {count:N0} endings; load average {LoadAverage.Read()}; .NET {Environment.Version}");
        var ids = new Guid[count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.NewGuid();
        }

        Console.WriteLine();
        Console.WriteLine("| In memory, per ending | Replaced (baseline) | Now | Now / baseline |");
        Console.WriteLine("|---|---:|---:|---:|");
        var clock = new FixedClock(T0);
        var replacedSet = Measure(() =>
        {
            var set = new ConcurrentDictionary<Guid, long>();
            foreach (var id in ids)
            {
                set[id] = T0.AddDays(31).ToUnixTimeSeconds();
            }

            return set;
        });
        var set = Measure(() =>
        {
            var ended = new EndedFamilies(clock, maxCount: count);
            foreach (var id in ids)
            {
                ended.Add(id, T0.AddDays(31));
            }

            return ended;
        });
        Row("an instance's ended set (EndedFamilies)", replacedSet / (double)count, set / (double)count);

        var texts = Array.ConvertAll(ids, FamilyIds.ToText);
        var replacedList = Measure(() =>
        {
            var list = new List<LoginFamilyEnding>();
            for (var i = 0; i < texts.Length; i++)
            {
                list.Add(new LoginFamilyEnding(FamilyIds.ToText(ids[i]), T0.AddDays(30), i + 1, T0));
            }

            return list;
        });
        var list = Measure(() =>
        {
            var endings = new EndingList();
            for (var i = 0; i < texts.Length; i++)
            {
                endings.Add(new LoginFamilyEnding(texts[i], T0.AddDays(30), i + 1, T0));
            }

            return endings;
        });
        Row("the in-memory store's ending list", replacedList / (double)count, list / (double)count);

        var (rescanTime, rescanKept) = Time(() => RecordWithRescan(texts));
        var (listTime, listKept) = Time(() => RecordWithEndingList(texts));
        if (rescanKept != listKept)
        {
            throw new InvalidOperationException($"the two algorithms kept {rescanKept} and {listKept} endings");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| recording {count:N0} endings of mixed lifetimes, expired ones dropped (time) | {rescanTime.TotalMilliseconds:N0} ms | {listTime.TotalMilliseconds:N0} ms | {listTime / rescanTime:0.000}x |"));

        var perLogin = Measure(() =>
        {
            var store = new InMemoryLoginSessionStore();
            var ended = new EndedFamilies(clock, maxCount: count);
            for (var i = 0; i < texts.Length; i++)
            {
                var now = T0.AddMilliseconds(i);
                store.CreateAsync(new LoginFamily
                {
                    Id = texts[i], UserId = (i % 100_000).ToString(CultureInfo.InvariantCulture), UserType = "Member", CreatedAt = now, LastSeenAt = now,
                    ExpiresAt = now.AddDays(31), UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
                    IpAddress = "203.0.113.7",
                }, default).GetAwaiter().GetResult();
                store.EndAsync(texts[i], now, default).GetAwaiter().GetResult();
                ended.Add(ids[i], now.AddDays(31));
            }

            return (store, ended);
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| an ended login, in-memory store and ended set together (100,000 records kept) | | {perLogin / (double)count:N0} B | |"));
        return Task.FromResult(0);
    }

    private static void Row(string what, double baseline, double now) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {baseline:N0} B | {now:N0} B | {now / baseline:0.00}x |"));

    /// <summary>The replaced algorithm: the list rescanned whole for expired endings every 1,024 endings.</summary>
    private static int RecordWithRescan(string[] texts)
    {
        var list = new List<LoginFamilyEnding>();
        for (var i = 0; i < texts.Length; i++)
        {
            var now = T0.AddSeconds(i);
            list.Add(new LoginFamilyEnding(texts[i], now + Lifetime(i), i + 1, now));
            if ((i + 1) % 1024 == 0)
            {
                list.RemoveAll(e => e.ExpiresAt < now);
            }
        }

        list.RemoveAll(e => e.ExpiresAt < T0.AddSeconds(texts.Length - 1));
        return list.Count;
    }

    private static int RecordWithEndingList(string[] texts)
    {
        var list = new EndingList();
        for (var i = 0; i < texts.Length; i++)
        {
            var now = T0.AddSeconds(i);
            list.Add(new LoginFamilyEnding(texts[i], now + Lifetime(i), i + 1, now));
            list.RemoveExpired(now);
        }

        return list.Count;
    }

    private static TimeSpan Lifetime(int i) => i % 2 == 0 ? TimeSpan.FromMinutes(30) : TimeSpan.FromDays(30);

    private static long Measure<T>(Func<T> build)
    {
        var before = Heap();
        var built = build();
        var after = Heap();
        GC.KeepAlive(built);
        return after - before;
    }

    private static (TimeSpan Time, T Result) Time<T>(Func<T> run)
    {
        var clock = Stopwatch.StartNew();
        var result = run();
        return (clock.Elapsed, result);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
