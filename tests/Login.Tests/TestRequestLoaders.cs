using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Login.Tests;

/// <summary>
/// API-style loaders for <see cref="TestUser"/>: an <c>api_key</c> query parameter and a bearer token, both of the form
/// <c>user-&lt;id&gt;</c>. They look the user up only when that exact prefix is present, so requests of other tests never
/// reach the <see cref="UserDirectory"/> through them and its load count stays theirs.
/// </summary>
public static class TestRequestLoaders
{
    private const string KeyPrefix = "user-";
    private const string BearerPrefix = "Bearer " + KeyPrefix;

    [RequestLoader]
    public static TestUser? FromApiKey(HttpRequest request, UserDirectory directory) =>
        TryReadId(request.Query["api_key"].ToString(), KeyPrefix, out var id) ? directory.Find(id) : null;

    [HeaderLoader]
    public static async Task<TestUser?> FromBearerToken(string headerValue, UserDirectory directory, CancellationToken cancellationToken)
    {
        if (!TryReadId(headerValue, BearerPrefix, out var id))
        {
            return null;
        }

        await Task.Yield(); // a real token check goes to a store: make the load asynchronous
        cancellationToken.ThrowIfCancellationRequested();
        return directory.Find(id);
    }

    private static bool TryReadId(string value, string prefix, out int id)
    {
        id = 0;
        return value.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
