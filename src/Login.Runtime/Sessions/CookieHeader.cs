using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Login.Sessions;

/// <summary>
/// Finds one cookie in the raw <c>Cookie</c> header without building <see cref="Microsoft.AspNetCore.Http.HttpRequest.Cookies"/>
/// (a dictionary and a string per cookie, about 750 bytes for a session cookie). Only for the plain case, a cookie
/// that appears once, unquoted, with a Base64Url value; anything else says "not found here" and the caller asks
/// <c>Request.Cookies</c>, whose answer is the authority.
/// </summary>
internal static class CookieHeader
{
    private static readonly SearchValues<char> Base64Url =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly SearchValues<char> Separators = SearchValues.Create(";,");

    /// <summary>
    /// <c>true</c> with the value of cookie <paramref name="name"/> when the header has it exactly once in the plain
    /// form; <c>false</c> when it is absent or anything is unusual.
    /// </summary>
    public static bool TryFindPlain(StringValues headers, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = false;
        for (var h = 0; h < headers.Count; h++)
        {
            var rest = headers[h].AsSpan();
            if (rest.Contains('"'))
            {
                return false; // quoted values may hide separators: leave it to the real parser
            }

            while (!rest.IsEmpty)
            {
                var end = rest.IndexOfAny(Separators);
                var pair = (end < 0 ? rest : rest[..end]).Trim(" \t");
                rest = end < 0 ? default : rest[(end + 1)..];
                if (pair.Length <= name.Length || pair[name.Length] != '=' || !pair.StartsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }

                var candidate = pair[(name.Length + 1)..];
                if (found || candidate.IsEmpty || candidate.ContainsAnyExcept(Base64Url))
                {
                    return false; // twice, empty or escaped: the real parser decides
                }

                value = candidate;
                found = true;
            }
        }

        return found;
    }
}
