using System.Globalization;

namespace Login.Stores.Benchmarks;

/// <summary>
/// What this process holds, after a full blocking, compacting collection: the live managed heap (what the runtime
/// counts as reachable) and what the kernel says is resident (VmRSS) and was at most (VmHWM). VmRSS also holds what
/// the GC keeps committed for later (server GC, the Web SDK's default, keeps more than workstation GC would).
/// </summary>
internal readonly record struct ProcessMemory(long ManagedBytes, long RssBytes, long PeakRssBytes)
{
    public static ProcessMemory Measure()
    {
        // Twice, with finalizers in between, so what finalization frees is counted as freed.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return new ProcessMemory(managed, rss * 1024, hwm * 1024);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
