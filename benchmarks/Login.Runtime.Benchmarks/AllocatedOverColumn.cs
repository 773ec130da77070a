using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// Bytes allocated per request beyond one other benchmark (the plain request): issue 6 sets its target as a difference
/// ("at most 1 KB more than the plain request"), which BenchmarkDotNet's Alloc Ratio does not show.
/// </summary>
internal sealed class AllocatedOverColumn(string methodName, string columnName) : IColumn
{
    public string Id => $"{nameof(AllocatedOverColumn)}.{methodName}";

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => $"Bytes allocated per operation minus those of {methodName} in the same job";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == methodName);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == methodName && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        var bytes = AllocatedPerOperation(summary, benchmarkCase);
        var referenceBytes = reference is null ? null : AllocatedPerOperation(summary, reference);
        return bytes is { } b && referenceBytes is { } r ? (b - r).ToString("+#,0 B;-#,0 B;0 B", CultureInfo.InvariantCulture) : "?";
    }

    public override string ToString() => ColumnName;

    private static long? AllocatedPerOperation(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase] is { } report ? report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) : null;
}
