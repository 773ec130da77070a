using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// Bytes allocated per request beyond one other benchmark (the plain request): issue 6 sets its target as a difference
/// ("at most 1 KB more than the plain request"), which BenchmarkDotNet's Alloc Ratio does not show.
/// </summary>
internal sealed class AllocatedOverColumn(string methodName, string columnName)
    : ComparisonColumn(methodName, columnName, priority: 1, UnitType.Size)
{
    public override string Legend => $"Bytes allocated per operation minus those of {MethodName} in the same job";

    protected override string Compare(Summary summary, BenchmarkCase row, BenchmarkCase reference) =>
        AllocatedPerOperation(summary, row) is { } bytes && AllocatedPerOperation(summary, reference) is { } referenceBytes
            ? (bytes - referenceBytes).ToString("+#,0 B;-#,0 B;0 B", CultureInfo.InvariantCulture)
            : "?";

    private static long? AllocatedPerOperation(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase] is { } report ? report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) : null;
}
