using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// A second ratio column: each row's mean over the mean of one other benchmark in the same job. BenchmarkDotNet has one
/// baseline per category; the comparison the issue cares about is against cookie authentication as well as plain.
/// </summary>
internal sealed class RatioToColumn(string methodName, string columnName) : IColumn
{
    public string Id => $"{nameof(RatioToColumn)}.{methodName}";

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean / mean of {methodName} in the same job (below 1: faster than it)";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == methodName);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == methodName && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var referenceMean = reference is null ? null : summary[reference]?.ResultStatistics?.Mean;
        return mean is { } m && referenceMean is { } r && r > 0 ? (m / r).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    }

    public override string ToString() => ColumnName;
}
