using System.Text;

namespace Login;

/// <summary>
/// Building login URLs the way Flask-Login does (<c>login_url</c>, <c>make_next_param</c>), and checking that a
/// <c>next</c> value is safe to redirect to (Flask-Login leaves that to every application).
/// </summary>
public static class LoginUrls
{
    /// <summary>
    /// The login view's URL with <paramref name="next"/> added under <paramref name="nextField"/>, keeping the view's
    /// own query parameters (Flask-Login's <c>login_url</c>). <c>LoginUrl("/login", "/protected")</c> is
    /// <c>/login?next=%2Fprotected</c>.
    /// </summary>
    /// <param name="loginView">A path or an absolute URL.</param>
    /// <param name="next">The page to come back to; when it has the login view's scheme and host, only its path and query are kept.</param>
    /// <param name="nextField">The query field; default <c>next</c>.</param>
    public static string LoginUrl(string loginView, string? next = null, string nextField = "next")
    {
        ArgumentNullException.ThrowIfNull(loginView);
        ArgumentException.ThrowIfNullOrEmpty(nextField);
        if (next is null)
        {
            return loginView;
        }

        var fragmentStart = loginView.IndexOf('#');
        var fragment = fragmentStart < 0 ? "" : loginView[fragmentStart..];
        var withoutFragment = fragmentStart < 0 ? loginView : loginView[..fragmentStart];
        var queryStart = withoutFragment.IndexOf('?');
        var path = queryStart < 0 ? withoutFragment : withoutFragment[..queryStart];
        var query = queryStart < 0 ? "" : withoutFragment[(queryStart + 1)..];

        // As Python's parse_qs then urlencode(doseq=True): fields keep their first position, blank values drop,
        // and the next field replaces any value it had.
        var fields = new List<KeyValuePair<string, List<string>>>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var value = FormDecode(pair[(equals + 1)..]);
            if (value.Length == 0)
            {
                continue;
            }

            ValuesOf(fields, FormDecode(pair[..equals])).Add(value);
        }

        var nextValues = ValuesOf(fields, nextField);
        nextValues.Clear();
        nextValues.Add(MakeNextParam(loginView, next));

        var builder = new StringBuilder(path).Append('?');
        var first = true;
        foreach (var (name, values) in fields)
        {
            foreach (var value in values)
            {
                if (!first)
                {
                    builder.Append('&');
                }

                first = false;
                builder.Append(FormEncode(name)).Append('=').Append(FormEncode(value));
            }
        }

        return builder.Append(fragment).ToString();
    }

    /// <summary>
    /// The value for the next field (Flask-Login's <c>make_next_param</c>): <paramref name="currentUrl"/> reduced to its
    /// path and query when <paramref name="loginUrl"/> is relative or has the same scheme and host, otherwise unchanged.
    /// </summary>
    public static string MakeNextParam(string loginUrl, string currentUrl)
    {
        ArgumentNullException.ThrowIfNull(loginUrl);
        ArgumentNullException.ThrowIfNull(currentUrl);
        var login = SplitUrl(loginUrl);
        var current = SplitUrl(currentUrl);
        var sameScheme = login.Scheme.Length == 0 || string.Equals(login.Scheme, current.Scheme, StringComparison.OrdinalIgnoreCase);
        var sameHost = login.Authority.Length == 0 || string.Equals(login.Authority, current.Authority, StringComparison.OrdinalIgnoreCase);
        if (sameScheme && sameHost)
        {
            return current.Query.Length == 0 ? current.Path : current.Path + "?" + current.Query;
        }

        return currentUrl;
    }

    /// <summary>
    /// Whether <paramref name="url"/> is a local path that is safe to redirect to after login: it starts with a single
    /// <c>/</c>, names no scheme or host, and holds no backslash or control character, raw or percent-encoded.
    /// Rejects <c>//evil.example</c>, <c>/\evil.example</c>, <c>///x</c>, <c>https://evil.example</c>,
    /// <c>/%09/evil.example</c> and the like.
    /// </summary>
    public static bool IsSafeRedirect(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        // Check the value as written and as a browser or a later decoding step might read it.
        var decoded = url;
        for (var round = 0; round < 3; round++)
        {
            if (!IsPlainLocalPath(decoded))
            {
                return false;
            }

            var next = PercentDecode(decoded);
            if (next is null)
            {
                return false;
            }

            if (next == decoded)
            {
                return true;
            }

            decoded = next;
        }

        return IsPlainLocalPath(decoded) && PercentDecode(decoded) == decoded;
    }

    /// <summary>
    /// <paramref name="next"/> when <see cref="IsSafeRedirect"/> accepts it, otherwise <paramref name="fallback"/>:
    /// what a login handler redirects to after a successful login.
    /// </summary>
    public static string GetSafeRedirect(string? next, string fallback = "/")
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return IsSafeRedirect(next) ? next! : fallback;
    }

    private static bool IsPlainLocalPath(string url)
    {
        if (url.Length == 0 || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (c < 0x20 || c == 0x7F || c == '\\' || (char.IsWhiteSpace(c) && c != ' ') || c is '\u200B' or '\uFEFF')
            {
                return false;
            }
        }

        // Starting with a single '/' already rules out a scheme ("javascript:", "https:") and a host ("//x").
        return true;
    }

    /// <summary>Decodes %XX escapes (as UTF-8); <c>null</c> when an escape is malformed or the bytes are not UTF-8.</summary>
    private static string? PercentDecode(string value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    return null;
                }

                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }

            var count = Encoding.UTF8.GetBytes(value.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1), utf8);
            for (var b = 0; b < count; b++)
            {
                bytes.Add(utf8[b]);
            }

            if (count == 4)
            {
                i++;
            }
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static List<string> ValuesOf(List<KeyValuePair<string, List<string>>> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Key == name)
            {
                return field.Value;
            }
        }

        var values = new List<string>(1);
        fields.Add(new(name, values));
        return values;
    }

    /// <summary>As Python's <c>quote_plus</c>: unreserved characters stay, space becomes '+', the rest is %XX of UTF-8.</summary>
    private static string FormEncode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1;
                var count = Encoding.UTF8.GetBytes(value.AsSpan(i, length), utf8);
                for (var b = 0; b < count; b++)
                {
                    builder.Append('%').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
        }

        return builder.ToString();
    }

    private static string FormDecode(string value)
    {
        var plus = value.Replace('+', ' ');
        return PercentDecode(plus) ?? plus;
    }

    private static (string Scheme, string Authority, string Path, string Query) SplitUrl(string url)
    {
        var rest = url;
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var scheme = "";
        var colon = rest.IndexOf(':');
        if (colon > 0 && rest.AsSpan(0, colon).IndexOfAny("/?") < 0 && char.IsAsciiLetter(rest[0]))
        {
            scheme = rest[..colon];
            rest = rest[(colon + 1)..];
        }

        var authority = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.AsSpan(2).IndexOfAny("/?");
            authority = end < 0 ? rest[2..] : rest.Substring(2, end);
            rest = end < 0 ? "" : rest[(2 + end)..];
        }

        var question = rest.IndexOf('?');
        return question < 0 ? (scheme, authority, rest, "") : (scheme, authority, rest[..question], rest[(question + 1)..]);
    }
}
