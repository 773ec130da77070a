namespace Login.Runtime.Benchmarks;

/// <summary>What a setup checks of a response: status, the headers it looks at, and the body.</summary>
internal sealed record BenchResponse(int Status, string? Location, IReadOnlyList<string> SetCookies, string Body)
{
    /// <summary>The <c>name=value</c> part of the <c>Set-Cookie</c> for <paramref name="name"/>, or <c>null</c>.</summary>
    public string? Cookie(string name)
    {
        foreach (var header in SetCookies)
        {
            if (header.StartsWith(name + "=", StringComparison.Ordinal))
            {
                var end = header.IndexOf(';', StringComparison.Ordinal);
                return end < 0 ? header : header[..end];
            }
        }

        return null;
    }

    public override string ToString() =>
        $"{Status}{(Location is null ? "" : " -> " + Location)}, body \"{Body}\", Set-Cookie: [{string.Join(" | ", SetCookies)}]";
}
