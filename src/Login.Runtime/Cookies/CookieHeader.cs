using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Login.Cookies;

/// <summary>
/// Finds one of Login's cookies in the raw <c>Cookie</c> header, as the browser sent it, without building
/// <see cref="Microsoft.AspNetCore.Http.HttpRequest.Cookies"/> (a dictionary and a string per cookie, about 750 bytes
/// for a session cookie), and refuses a header that holds the cookie more than once.
/// </summary>
/// <remarks>
/// <para>
/// A browser sends every cookie that matches the request, so a cookie a sibling subdomain set with
/// <c>Domain=.example.com</c> arrives beside the app's own of the same name, and whichever a parser keeps (ASP.NET
/// Core's keeps the last) may be the planted one: a login of the attacker's choosing. Nothing in the header tells the
/// two apart, so two copies are no cookie at all.
/// </para>
/// <para>
/// Browsers join cookies with <c>"; "</c>, so a cookie of this name starts the header or follows a <c>';'</c>, and
/// its value runs to the next <c>';'</c>. ASP.NET Core's own parser (<c>Request.Cookies</c>, which other middleware
/// and the application read) is looser: it ignores case, also splits on <c>','</c>, and after a malformed pair
/// retries one character further on, so it finds <c>.Login.Session=...</c> inside <c>x@.Login.Session=...</c> or
/// inside another cookie's value <c>a=x,.Login.Session=...</c>: cookies a sibling domain may set whatever this
/// cookie's name and prefix. Any such look-alike counts as a second copy.
/// </para>
/// </remarks>
internal static class CookieHeader
{
    // RFC 9110 tchar: what a cookie name is made of. The parser cannot start a name right after one of these.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Looks for cookie <paramref name="name"/> in every <c>Cookie</c> header of the request.
    /// <see cref="CookieLookup.Found"/> gives its raw value (not unescaped: Login writes only Base64Url, so anything
    /// else fails to decrypt anyway).
    /// </summary>
    public static CookieLookup Find(StringValues headers, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = false;
        for (var h = 0; h < headers.Count; h++)
        {
            var header = headers[h].AsSpan();
            var offset = 0;
            while (offset < header.Length)
            {
                var at = header[offset..].IndexOf(name, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    break;
                }

                var start = offset + at;
                var end = start + name.Length;
                offset = start + 1;
                if (!IsNamePosition(header, start, end, out var equals))
                {
                    continue; // part of a longer name (x.Login.Session, .Login.Sessions) or of a value: another cookie
                }

                if (found || !IsCookieStart(header, start) || equals != end || !header.Slice(start, name.Length).SequenceEqual(name))
                {
                    value = default;
                    return CookieLookup.Ambiguous;
                }

                var rest = header[(end + 1)..];
                var semicolon = rest.IndexOf(';');
                value = (semicolon < 0 ? rest : rest[..semicolon]).TrimEnd(" \t");
                found = true;
            }
        }

        return found ? CookieLookup.Found : CookieLookup.Absent;
    }

    /// <summary>Whether this header holds cookie <paramref name="name"/> in any form, one copy or several.</summary>
    public static bool Contains(StringValues headers, string name) => Find(headers, name, out _) != CookieLookup.Absent;

    /// <summary>
    /// Whether the name found at <paramref name="start"/> is read as a cookie name by some parser: followed by
    /// <c>'='</c> (after optional whitespace, at <paramref name="equals"/>), and not preceded by a name character.
    /// </summary>
    private static bool IsNamePosition(ReadOnlySpan<char> header, int start, int end, out int equals)
    {
        equals = end;
        while (equals < header.Length && header[equals] is ' ' or '\t')
        {
            equals++;
        }

        return equals < header.Length && header[equals] == '=' && (start == 0 || !TokenChars.Contains(header[start - 1]));
    }

    /// <summary>Whether a cookie starts at <paramref name="start"/> as a browser writes the header: first, or after <c>';'</c>.</summary>
    private static bool IsCookieStart(ReadOnlySpan<char> header, int start)
    {
        var before = header[..start].TrimEnd(" \t");
        return before.IsEmpty || before[^1] == ';';
    }
}
