using Login.Cookies;
using System.Net;
using Login.Testing.Http;
using Microsoft.Net.Http.Headers;

namespace Login.Tests;

/// <summary>
/// An HttpClient that keeps cookies the way a browser does (tests/Shared/Http/CookieJar.cs: set, replace, delete on an
/// empty value or a past expiry) and does not follow redirects, so tests see every status, Location and Set-Cookie.
/// </summary>
/// <remarks>
/// "Past" is judged by <paramref name="clock"/>, the app's own clock (a <see cref="ManualClock"/>), never the machine's.
/// </remarks>
public sealed class TestBrowser(HttpClient client, TimeProvider clock)
{
    private readonly CookieJar _jar = new(clock);

    public Dictionary<string, string> Cookies => _jar.Cookies;

    /// <summary>Headers sent with every request, such as the User-Agent session protection looks at.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TestResponse> GetAsync(string path, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        return await SendAsync(request, headers);
    }

    /// <summary>A POST of an HTML form (application/x-www-form-urlencoded), as a browser submits one.</summary>
    public async Task<TestResponse> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        return await SendAsync(request, []);
    }

    private async Task<TestResponse> SendAsync(HttpRequestMessage request, (string Name, string Value)[] headers)
    {
        _jar.AddTo(request);

        foreach (var (name, value) in Headers.Select(h => (h.Key, h.Value)).Concat(headers))
        {
            request.Headers.Add(name, value);
        }

        using var response = await client.SendAsync(request);
        _jar.KeepFrom(response);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList())
            : [];

        return new TestResponse(response.StatusCode, response.Headers.Location?.OriginalString, setCookies, await response.Content.ReadAsStringAsync())
        {
            Headers = response.Headers,
        };
    }
}

public sealed record TestResponse(HttpStatusCode Status, string? Location, IList<SetCookieHeaderValue> SetCookies, string Body)
{
    /// <summary>The response's headers, when the test needs one besides Location and Set-Cookie (such as Retry-After).</summary>
    public System.Net.Http.Headers.HttpResponseHeaders? Headers { get; init; }

    /// <summary>The <c>Retry-After</c> header, as sent.</summary>
    public string? RetryAfter => Headers?.RetryAfter?.ToString();

    public SetCookieHeaderValue? Cookie(string name) => SetCookies.FirstOrDefault(c => c.Name.Value == name);
}
