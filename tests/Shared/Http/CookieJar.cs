namespace Login.Testing.Http;

/// <summary>A browser's cookie jar, as far as the tests need one: name to value, kept from Set-Cookie, sent back.</summary>
public sealed class CookieJar
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the request's Cookie header, when there is anything to send.</summary>
    public void AddTo(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
        }
    }

    /// <summary>Keeps what the response set, and forgets what it deleted (an empty value or an expiry in 1970).</summary>
    public void KeepFrom(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }

        foreach (var setCookie in setCookies)
        {
            var pair = setCookie.Split(';')[0];
            var equals = pair.IndexOf('=');
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = value;
            }
        }
    }
}
