using System.Globalization;

namespace Login.Stores.Benchmarks;

/// <summary>How a child reports numbers to its parent: one line of <c>name=value</c> pairs.</summary>
internal static class Fields
{
    public static string Format(IEnumerable<(string Name, object Value)> fields) =>
        string.Join(' ', fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}={f.Value}")));

    public static IEnumerable<(string Name, object Value)> Of(string prefix, ProcessMemory memory) =>
    [
        (prefix + "managed", memory.ManagedBytes), (prefix + "rss", memory.RssBytes), (prefix + "hwm", memory.PeakRssBytes),
    ];

    public static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public static double Number(this IReadOnlyDictionary<string, string> fields, string name) =>
        double.Parse(fields[name], CultureInfo.InvariantCulture);

    public static ProcessMemory Memory(this IReadOnlyDictionary<string, string> fields, string prefix) =>
        new((long)fields.Number(prefix + "managed"), (long)fields.Number(prefix + "rss"), (long)fields.Number(prefix + "hwm"));
}
