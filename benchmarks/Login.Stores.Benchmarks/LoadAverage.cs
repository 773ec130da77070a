namespace Login.Stores.Benchmarks;

/// <summary>The machine's load average (1, 5, 15 minutes), for the record: the machines these run on are shared.</summary>
internal static class LoadAverage
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
