using System.Text;
using Login.Urls;

namespace Login;

/// <summary>
/// Building login URLs the way Flask-Login does (<c>login_url</c>, <c>make_next_param</c>), and checking that a
/// <c>next</c> value is safe to redirect to (Flask-Login leaves that to every application).
/// </summary>
/// <remarks>
/// Every string these helpers return is printable ASCII: anything else is percent-encoded as UTF-8, so the result can
/// be a <c>Location</c> header as it is (Kestrel answers 500 to a header holding anything else). No string content makes
/// them throw: a lone surrogate (text that is not valid UTF-16) is written as the encoding of U+FFFD, and
/// <see cref="IsSafeRedirect"/> calls such a value unsafe.
/// </remarks>
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
    /// <exception cref="ArgumentNullException"><paramref name="loginView"/> or <paramref name="nextField"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="nextField"/> is empty.</exception>
    public static string LoginUrl(string loginView, string? next = null, string nextField = "next")
    {
        ArgumentNullException.ThrowIfNull(loginView);
        ArgumentException.ThrowIfNullOrEmpty(nextField);
        if (next is null)
        {
            return PercentEncoding.ToAscii(loginView);
        }

        return WithNext(loginView, NextParam(loginView, next), nextField);
    }

    /// <summary>
    /// The value for the next field (Flask-Login's <c>make_next_param</c>): <paramref name="currentUrl"/> reduced to its
    /// path and query when <paramref name="loginUrl"/> is relative or has the same scheme and host, otherwise unchanged
    /// (non-ASCII percent-encoded).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="loginUrl"/> or <paramref name="currentUrl"/> is <c>null</c>.</exception>
    public static string MakeNextParam(string loginUrl, string currentUrl)
    {
        ArgumentNullException.ThrowIfNull(loginUrl);
        ArgumentNullException.ThrowIfNull(currentUrl);
        return PercentEncoding.ToAscii(NextParam(loginUrl, currentUrl));
    }

    /// <summary>
    /// Whether <paramref name="url"/> is a local path that is safe to redirect to after login: it starts with a single
    /// <c>/</c>, names no scheme or host, and holds no backslash or control character, raw or percent-encoded.
    /// Rejects <c>//evil.example</c>, <c>/\evil.example</c>, <c>///x</c>, <c>https://evil.example</c>,
    /// <c>/%09/evil.example</c>, text that is not valid UTF-16 and the like. Never throws.
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

            var next = PercentEncoding.DecodeStrict(decoded);
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

        return IsPlainLocalPath(decoded) && PercentEncoding.DecodeStrict(decoded) == decoded;
    }

    /// <summary>
    /// <paramref name="next"/> when <see cref="IsSafeRedirect"/> accepts it, otherwise <paramref name="fallback"/>:
    /// what a login handler redirects to after a successful login. Either is returned in ASCII (<c>/été</c> is
    /// <c>/%C3%A9t%C3%A9</c>), ready for <c>Results.Redirect</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="fallback"/> is <c>null</c>.</exception>
    public static string GetSafeRedirect(string? next, string fallback = "/")
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return PercentEncoding.ToAscii(IsSafeRedirect(next) ? next! : fallback);
    }

    /// <summary>
    /// <paramref name="loginUrl"/> with <paramref name="nextValue"/> (already made by <see cref="NextParam"/>) put under
    /// <paramref name="nextField"/>: the second half of <c>login_url</c>, for a caller that had to make the value itself.
    /// </summary>
    internal static string WithNext(string loginUrl, string nextValue, string nextField)
    {
        if (loginUrl.AsSpan().IndexOfAny('?', '#') < 0)
        {
            // The usual view, "/login": no query of its own to keep.
            return string.Concat(PercentEncoding.ToAscii(loginUrl), "?", PercentEncoding.FormEncode(nextField), "=", PercentEncoding.FormEncode(nextValue));
        }

        var fragmentStart = loginUrl.IndexOf('#');
        var fragment = fragmentStart < 0 ? "" : loginUrl[fragmentStart..];
        var withoutFragment = fragmentStart < 0 ? loginUrl : loginUrl[..fragmentStart];
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
        nextValues.Add(nextValue);

        var builder = new StringBuilder(PercentEncoding.ToAscii(path)).Append('?');
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
                builder.Append(PercentEncoding.FormEncode(name)).Append('=').Append(PercentEncoding.FormEncode(value));
            }
        }

        return builder.Append(PercentEncoding.ToAscii(fragment)).ToString();
    }

    /// <summary>
    /// <c>make_next_param</c> as Flask-Login has it, characters as given: the value is form-encoded when it goes into the
    /// query, so encoding it here as well would encode it twice.
    /// </summary>
    internal static string NextParam(string loginUrl, string currentUrl)
    {
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

    private static bool IsPlainLocalPath(string url)
    {
        if (url.Length == 0 || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return false;
        }

        var rest = url.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false; // a lone surrogate: not text a browser and the app would read the same way
            }

            if (Rune.IsControl(rune) || rune.Value == '\\' || (Rune.IsWhiteSpace(rune) && rune.Value != ' ') || rune.Value is 0x200B or 0xFEFF)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        // Starting with a single '/' already rules out a scheme ("javascript:", "https:") and a host ("//x").
        return true;
    }

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

    private static string FormDecode(string value) => PercentEncoding.DecodeLenient(value.Replace('+', ' '));

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
