using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Login.Runtime.Benchmarks;

/// <summary>
/// A column comparing each row with one other benchmark (by method name) in the same job; the subclass says how.
/// </summary>
internal abstract class ComparisonColumn(string methodName, string columnName, int priority, UnitType unitType) : IColumn
{
    protected string MethodName => methodName;

    public string Id => $"{GetType().Name}.{methodName}";

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => priority;

    public bool IsNumeric => true;

    public UnitType UnitType => unitType;

    public abstract string Legend { get; }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == methodName);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == methodName && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        return reference is null ? "?" : Compare(summary, benchmarkCase, reference);
    }

    public override string ToString() => ColumnName;

    /// <summary>The cell for <paramref name="row"/> against <paramref name="reference"/>, or "?" when either has no result.</summary>
    protected abstract string Compare(Summary summary, BenchmarkCase row, BenchmarkCase reference);
}
