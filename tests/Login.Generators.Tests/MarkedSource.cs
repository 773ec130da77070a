using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Tests;

/// <summary>Source with one <c>[|...|]</c> marker around the text a diagnostic must point at.</summary>
internal static class MarkedSource
{
    public static (string Source, TextSpan Span) Parse(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the test source needs one [|...|] marker");
        var source = marked.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
