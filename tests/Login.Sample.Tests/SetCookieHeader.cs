using System.Globalization;

namespace Login.Sample.Tests;

/// <summary>
/// One <c>Set-Cookie</c> header as the server wrote it. The tests read the raw header rather than a
/// <see cref="System.Net.CookieContainer"/>, because the container drops the attributes (SameSite) and hides
/// deletions, which are exactly what the tests check.
/// </summary>
public sealed record SetCookieHeader(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    public bool HasFlag(string attribute) => Attributes.ContainsKey(attribute);

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;

    public DateTimeOffset? Expires =>
        Attribute("expires") is { } expires
            ? DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;

    public override string ToString() =>
        string.Join("; ", new[] { $"{Name}={Value}" }.Concat(Attributes.Select(a => a.Value.Length == 0 ? a.Key : $"{a.Key}={a.Value}")));

    /// <summary>Every <c>Set-Cookie</c> of a response, in order.</summary>
    public static IReadOnlyList<SetCookieHeader> AllOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(Parse).ToList() : [];

    /// <summary>The <c>Set-Cookie</c> for <paramref name="cookieName"/>, or <c>null</c> when the response sets none.</summary>
    public static SetCookieHeader? Find(HttpResponseMessage response, string cookieName) =>
        AllOf(response).SingleOrDefault(c => c.Name == cookieName);

    public static SetCookieHeader Parse(string header)
    {
        var parts = header.Split(';');
        var pair = parts[0];
        var equals = pair.IndexOf('=');
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var trimmed = part.Trim();
            var eq = trimmed.IndexOf('=');
            // Attribute names are case-insensitive (RFC 6265), so they are stored in lower case.
            if (eq < 0)
            {
                attributes[trimmed.ToLowerInvariant()] = "";
            }
            else
            {
                attributes[trimmed[..eq].Trim().ToLowerInvariant()] = trimmed[(eq + 1)..].Trim();
            }
        }

        return new SetCookieHeader(pair[..equals].Trim(), pair[(equals + 1)..].Trim(), attributes);
    }
}
