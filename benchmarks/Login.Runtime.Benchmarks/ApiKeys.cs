using Microsoft.AspNetCore.Http;

namespace Login.Runtime.Benchmarks;

/// <summary>API clients without a session: the <c>X-Api-Key</c> header names the user (Flask-Login's request_loader).</summary>
public static class ApiKeys
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The one key the benchmark sends; it belongs to user 7.</summary>
    public const string Valid = "bench-key-7f3a9c";

    private static readonly Dictionary<string, int> Owners = new(StringComparer.Ordinal) { [Valid] = 7 };

    [RequestLoader]
    public static User? FromApiKey(HttpRequest request)
    {
        var key = request.Headers[HeaderName];
        return key.Count == 1 && Owners.TryGetValue(key[0]!, out var id) ? Users.Load(id) : null;
    }
}
