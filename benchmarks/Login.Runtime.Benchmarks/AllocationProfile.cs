using System.Diagnostics.Tracing;
using System.Globalization;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// <c>--allocations [requests]</c>: which types a request allocates, row by row, so a change to the hot path can be aimed
/// at the bytes it removes. BenchmarkDotNet's memory column is exact but a total; this samples the runtime's own
/// allocation events (<c>GCAllocationTick</c>: one every ~100 KB allocated, naming the type of the object that crossed the
/// mark), so each type's share is an estimate whose error shrinks with the number of requests (a million by default:
/// about 100,000 samples for a row of 10 KB). The rows are the benchmarks' own setups (each checks its response first).
/// </summary>
internal static class AllocationProfile
{
    public static int Run(int requests, string? only = null)
    {
        var rows = new (string Name, Func<(Func<Task> Send, Action Cleanup)> Start)[]
        {
            ("Plain endpoint, app with UseLogin", () => Row(b => b.SetupPlainWithLogin(), b => b.PlainWithLogin())),
            ("Login: session cookie", () => Row(b => b.SetupSessionCookie(), b => b.SessionCookie())),
            ("Plain endpoint, app with UseLogin, session cookie", () => Row(b => b.SetupPlainWithLoginSessionCookie(), b => b.PlainWithLoginSessionCookie())),
            ("Login: session cookie, handler without parameters", () => Row(b => b.SetupSessionCookieNoParameter(), b => b.SessionCookieNoParameter())),
            ("Plain endpoint, app with UseLogin, without UseAuthentication/UseAuthorization", () => Row(b => b.SetupPlainWithLoginNoAuthenticationMiddleware(), b => b.PlainWithLoginNoAuthenticationMiddleware())),
            ("Login: session cookie, without UseAuthentication/UseAuthorization", () => Row(b => b.SetupSessionCookieNoAuthenticationMiddleware(), b => b.SessionCookieNoAuthenticationMiddleware())),
            ("Plain endpoint", () => Row(b => b.SetupPlain(), b => b.Plain())),
            ("Login: cold session cookie", () =>
            {
                var cold = new ColdCookieBenchmarks();
                cold.SetupLoginCold();
                return (cold.LoginColdRequest, cold.Cleanup);
            }),
        };

        var profiles = new List<(string Name, double BytesPerRequest, Dictionary<string, double> ByType)>();
        foreach (var (name, start) in rows)
        {
            if (only is not null && name != only || only is null && name == "Login: cold session cookie")
            {
                continue; // one row alone (e.g. under a profiler): timed, then sampled, and no comparison
            }

            var (send, cleanup) = start();
            try
            {
                for (var i = 0; i < 20_000; i++)
                {
                    send().GetAwaiter().GetResult(); // warm up: tiered compilation, caches, pools
                }

                // Timed without the listener first (a rough figure for comparing two builds on a quiet machine, no more).
                var timed = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < requests; i++)
                {
                    send().GetAwaiter().GetResult();
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {timed.Elapsed.TotalMilliseconds * 1000 / requests:F2} us per request, listener off"));
                using var listener = new AllocationListener();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < requests; i++)
                {
                    send().GetAwaiter().GetResult();
                }

                var total = GC.GetTotalAllocatedBytes(precise: true) - before;
                listener.Dispose();
                var sampled = listener.ByType.Values.Sum();
                // Scale the samples to the exact total, then to one request.
                var byType = listener.ByType.ToDictionary(p => p.Key, p => p.Value * (double)total / Math.Max(sampled, 1) / requests);
                profiles.Add((name, (double)total / requests, byType));
            }
            finally
            {
                cleanup();
            }
        }

        foreach (var (name, perRequest, byType) in profiles)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n## {name}: {perRequest:N0} B per request ({requests:N0} requests)\n"));
            Console.WriteLine("| Type | B per request (sampled) |");
            Console.WriteLine("|---|---:|");
            foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Where(p => p.Value >= 8))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {bytes:N0} |"));
            }
        }

        if (only is not null)
        {
            return 0;
        }

        // What each guarded request allocates beyond the unguarded one of the same app, by type.
        Difference(profiles[1], profiles[0]);
        Difference(profiles[3], profiles[2]);
        return 0;
    }

    private static (Func<Task> Send, Action Cleanup) Row(Action<RuntimeBenchmarks> setup, Func<RuntimeBenchmarks, Task> send)
    {
        var benchmarks = new RuntimeBenchmarks();
        setup(benchmarks);
        return (() => send(benchmarks), benchmarks.Cleanup);
    }

    private static void Difference(
        (string Name, double BytesPerRequest, Dictionary<string, double> ByType) guarded,
        (string Name, double BytesPerRequest, Dictionary<string, double> ByType) plain)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n## {guarded.Name} minus {plain.Name}: {guarded.BytesPerRequest - plain.BytesPerRequest:N0} B per request\n"));
        Console.WriteLine("| Type | B per request (sampled) |");
        Console.WriteLine("|---|---:|");
        foreach (var type in guarded.ByType.Keys.Union(plain.ByType.Keys)
            .Select(t => (Type: t, Bytes: guarded.ByType.GetValueOrDefault(t) - plain.ByType.GetValueOrDefault(t)))
            .Where(p => Math.Abs(p.Bytes) >= 8)
            .OrderByDescending(p => p.Bytes))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type.Type}` | {type.Bytes:N0} |"));
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private const int AllocationTickEventId = 10;
        private volatile bool _stopped;

        public Dictionary<string, double> ByType { get; } = new(StringComparer.Ordinal);

        public override void Dispose()
        {
            _stopped = true;
            base.Dispose();
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (_stopped || e.EventId != AllocationTickEventId || e.Payload is not { } payload || e.PayloadNames is not { } names)
            {
                return;
            }

            var type = payload[names.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToDouble(payload[names.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
            lock (ByType)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + amount;
            }
        }
    }
}
