namespace Login.Stores.Benchmarks;

/// <summary>Percentiles of a sample (linear between the two nearest ranks), for the tables.</summary>
internal sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> values)
    {
        _sorted = [.. values];
        Array.Sort(_sorted);
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }
    }

    public int Count => _sorted.Length;

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    public double Mean => _sorted.Average();

    /// <param name="p">0 to 100.</param>
    public double Percentile(double p)
    {
        var rank = p / 100 * (_sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, _sorted.Length - 1);
        return _sorted[low] + (rank - low) * (_sorted[high] - _sorted[low]);
    }
}
