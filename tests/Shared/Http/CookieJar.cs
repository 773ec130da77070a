using System.Globalization;

namespace Login.Testing.Http;

/// <summary>
/// A browser's cookie jar, as far as the tests need one: name to value, kept from <c>Set-Cookie</c> (set, replaced, or
/// deleted on an empty value, an expiry that is not after now, or a <c>Max-Age</c> of zero or less), sent back.
/// </summary>
/// <remarks>
/// "Now" is <paramref name="clock"/>'s: the app's own clock, since a browser and the server it talks to agree on the date
/// and a test app often runs on a hand-moved clock. Judged by the machine's clock instead, a 30-day cookie set on a manual
/// clock's date is dropped on receipt once the real date is 30 days later, and a refusal test then passes without ever
/// sending the cookie (issue 22). An app in its own process on real time is judged by <see cref="TimeProvider.System"/>.
/// </remarks>
public sealed class CookieJar(TimeProvider clock)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>The request's <c>Cookie</c> header value, or <c>null</c> when there is nothing to send.</summary>
    public string? Header => Cookies.Count > 0 ? string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)) : null;

    /// <summary>Adds the request's Cookie header, when there is anything to send.</summary>
    public void AddTo(HttpRequestMessage request)
    {
        if (Header is { } header)
        {
            request.Headers.Add("Cookie", header);
        }
    }

    /// <summary>Keeps what the response set, and forgets what it deleted.</summary>
    public void KeepFrom(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Keep(setCookie);
            }
        }
    }

    /// <summary>Keeps one <c>Set-Cookie</c> header value, or forgets its cookie when it is a deletion.</summary>
    public void Keep(string setCookie)
    {
        var parts = setCookie.Split(';');
        var equals = parts[0].IndexOf('=');
        if (equals <= 0)
        {
            throw new FormatException($"Set-Cookie \"{setCookie}\" has no name=value pair.");
        }

        var name = parts[0][..equals].Trim();
        var value = parts[0][(equals + 1)..].Trim();
        if (value.Length == 0 || IsExpired(parts.Skip(1), setCookie))
        {
            Cookies.Remove(name);
        }
        else
        {
            Cookies[name] = value;
        }
    }

    private bool IsExpired(IEnumerable<string> attributes, string setCookie)
    {
        var now = clock.GetUtcNow();
        foreach (var attribute in attributes)
        {
            var equals = attribute.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var (name, value) = (attribute[..equals].Trim(), attribute[(equals + 1)..].Trim());
            if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase))
            {
                // Max-Age wins over Expires (RFC 6265 §5.3): zero or less deletes at once.
                return long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) <= 0;
            }
        }

        foreach (var attribute in attributes)
        {
            var equals = attribute.IndexOf('=');
            if (equals >= 0 && attribute[..equals].Trim().Equals("expires", StringComparison.OrdinalIgnoreCase))
            {
                var value = attribute[(equals + 1)..].Trim();
                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
                    ? expires <= now
                    : throw new FormatException($"Set-Cookie \"{setCookie}\" has an expiry that is not a date: \"{value}\".");
            }
        }

        return false;
    }
}
