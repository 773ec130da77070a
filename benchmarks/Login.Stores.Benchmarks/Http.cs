using System.Net;

namespace Login.Stores.Benchmarks;

/// <summary>
/// The benchmarks' client: one connection per instance, kept open, no cookie jar (each call names the cookie it sends),
/// no redirects followed.
/// </summary>
internal static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>GET <paramref name="path"/>; the status, the body, and the value of a cookie the response set, if any.</summary>
    public static async Task<(HttpStatusCode Status, string Body, string? SetCookie)> GetAsync(Uri instance, string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, path));
        request.Headers.TryAddWithoutValidation("User-Agent", StoreApp.UserAgent);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        using var response = await Client.SendAsync(request).ConfigureAwait(false);
        string? set = null;
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                var end = value.IndexOf(';', StringComparison.Ordinal);
                var pair = end < 0 ? value : value[..end];
                // A deletion (empty value) is not a cookie to send back.
                if (!pair.EndsWith('='))
                {
                    set = pair;
                }
            }
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false), set);
    }

    /// <summary>Logs user <paramref name="id"/> in on <paramref name="instance"/>; the <c>Cookie</c> header value of the new session.</summary>
    public static async Task<string> LoginAsync(Uri instance, int id)
    {
        var (status, body, cookie) = await GetAsync(instance, $"/login/{id}").ConfigureAwait(false);
        if (status != HttpStatusCode.OK || body != StoreApp.Body || cookie is null)
        {
            throw new InvalidOperationException($"login of user {id} on {instance}: {(int)status} \"{body}\", session cookie {(cookie is null ? "missing" : "set")}");
        }

        return cookie;
    }

    /// <summary>The status of <c>/guarded</c> with <paramref name="cookie"/>, after checking that a 200 carries the body.</summary>
    public static async Task<HttpStatusCode> GuardedAsync(Uri instance, string cookie)
    {
        var (status, body, _) = await GetAsync(instance, "/guarded", cookie).ConfigureAwait(false);
        if (status == HttpStatusCode.OK && body != StoreApp.Body)
        {
            throw new InvalidOperationException($"/guarded on {instance} answered 200 with \"{body}\"");
        }

        return status;
    }
}
