using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// A second ratio column: each row's mean over the mean of one other benchmark in the same job. BenchmarkDotNet has one
/// baseline per category; the comparison the issue cares about is against cookie authentication as well as plain.
/// </summary>
internal sealed class RatioToColumn(string methodName, string columnName)
    : ComparisonColumn(methodName, columnName, priority: 0, UnitType.Dimensionless)
{
    public override string Legend => $"Mean / mean of {MethodName} in the same job (below 1: faster than it)";

    protected override string Compare(Summary summary, BenchmarkCase row, BenchmarkCase reference) =>
        summary[row]?.ResultStatistics?.Mean is { } mean && summary[reference]?.ResultStatistics?.Mean is { } referenceMean && referenceMean > 0
            ? (mean / referenceMean).ToString("0.00", CultureInfo.InvariantCulture)
            : "?";
}
