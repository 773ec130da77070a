using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Urls;

/// <summary>
/// A login or refresh view (<see cref="LoginOptions.LoginView"/>, <see cref="LoginOptions.RefreshView"/>, or the view
/// given to <c>RequireLogin(view)</c>), parsed and checked by <see cref="TryParse"/> and nothing else, so the options
/// validator, the startup check, the route-group conventions and the challenge cannot disagree about what a view is.
/// It is one of three things:
/// <list type="bullet">
/// <item>a path: starts with one <c>/</c> (<c>//host</c> and <c>/\host</c> are another host to a browser, so not paths);</item>
/// <item>an absolute URL: <c>http://</c> or <c>https://</c> and a host, no user name, no backslash;</item>
/// <item>an endpoint name: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, starting with a letter or <c>_</c>.</item>
/// </list>
/// No view holds whitespace or a control character.
/// </summary>
internal sealed class LoginView
{
    private const string WhatToWrite =
        "write a path that starts with '/' (e.g. \"/login\"), an absolute http(s) URL, the name of an endpoint (.WithName(\"login\")), or null to answer 401";

    /// <summary>For a path or a URL, the ASCII form that goes into <c>Location</c>; for an endpoint, its name.</summary>
    private readonly string _target;

    private LoginView(string text, LoginViewKind kind, string target)
    {
        Text = text;
        Kind = kind;
        _target = target;
    }

    /// <summary>The view as the application wrote it.</summary>
    public string Text { get; }

    public LoginViewKind Kind { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; when it is not a view, <paramref name="problem"/> says why (to be put in a message
    /// with <see cref="Describe"/>).
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out LoginView? view, [NotNullWhen(false)] out string? problem)
    {
        view = null;
        problem = FindProblem(text, out var kind, out var uri);
        if (problem is not null)
        {
            return false;
        }

        var target = kind switch
        {
            LoginViewKind.Path => PercentEncoding.ToAscii(text),
            LoginViewKind.AbsoluteUrl => AsciiUrl(text, uri!),
            _ => text,
        };
        view = new LoginView(text, kind, target);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, for an argument: a view that is not one is an <see cref="ArgumentException"/>.</summary>
    public static LoginView Parse(string text, string? paramName) =>
        TryParse(text, out var view, out var problem) ? view : throw new ArgumentException(Describe("The login view", text, problem), paramName);

    /// <summary>
    /// The parsed form of an option's text, kept in <paramref name="cache"/> while the text stays the same, so a request
    /// parses nothing. <c>null</c> for no view.
    /// </summary>
    public static LoginView? FromOption(string? text, string option, ref LoginView? cache)
    {
        if (text is null)
        {
            return null;
        }

        var cached = Volatile.Read(ref cache);
        if (cached is not null && (ReferenceEquals(cached.Text, text) || cached.Text == text))
        {
            return cached;
        }

        // Options are validated at startup; this is reached with a bad view only if they were changed afterwards.
        cached = TryParse(text, out var view, out var problem)
            ? view
            : throw new InvalidOperationException(Describe($"LoginOptions.{option}", text, problem));
        Volatile.Write(ref cache, cached);
        return cached;
    }

    /// <summary>The message for a view that is not one: what was written, why it is refused, and what to write.</summary>
    public static string Describe(string subject, string text, string problem) => $"{subject} is \"{text}\": {problem}; {WhatToWrite}.";

    /// <summary>
    /// Where the view is for this request, in ASCII: a path under the request's path base, the absolute URL, or the
    /// path of the named endpoint.
    /// </summary>
    public string Resolve(HttpContext context) =>
        Resolve(context.Request.PathBase, links => links.GetPathByName(context, _target, values: null), context.RequestServices);

    /// <summary>
    /// As <see cref="Resolve(HttpContext)"/>, for a caller with no request (a Blazor circuit): the app's path base is
    /// given, and an endpoint's path is made under it.
    /// </summary>
    public string Resolve(PathString pathBase, IServiceProvider services) =>
        Resolve(pathBase, links => links.GetPathByName(_target, values: null, pathBase), services);

    private string Resolve(PathString pathBase, Func<LinkGenerator, string?> pathOfEndpoint, IServiceProvider services)
    {
        switch (Kind)
        {
            case LoginViewKind.Path:
                return pathBase.HasValue ? pathBase.ToUriComponent() + _target : _target;
            case LoginViewKind.AbsoluteUrl:
                return _target;
            default:
                var path = pathOfEndpoint(services.GetRequiredService<LinkGenerator>())
                    ?? throw new InvalidOperationException(
                        $"The login view \"{Text}\" names no endpoint a link can be made to without route values; " +
                        $"name an endpoint without route parameters with .WithName(\"{Text}\"), or use a path.");
                return PercentEncoding.ToAscii(path);
        }
    }

    private static string? FindProblem(string text, out LoginViewKind kind, out Uri? uri)
    {
        kind = default;
        uri = null;
        if (text.Length == 0)
        {
            return "it is empty";
        }

        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return "it is not valid UTF-16 (it holds a lone surrogate)";
            }

            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                return "it holds whitespace or a control character";
            }

            rest = rest[consumed..];
        }

        if (text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("/\\", StringComparison.Ordinal))
        {
            return $"it starts with '{text[..2]}', which a browser reads as the start of another host, not a path";
        }

        if (text.Contains('\\'))
        {
            return "it holds a backslash, which a browser reads as '/'";
        }

        if (text[0] == '/')
        {
            kind = LoginViewKind.Path;
            return null;
        }

        var schemeLength = SchemeLength(text);
        if (schemeLength > 0)
        {
            var scheme = text[..schemeLength];
            if (!scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                return $"an absolute URL must be http or https, not {scheme}";
            }

            if (!text.AsSpan(schemeLength + 1).StartsWith("//") || !Uri.TryCreate(text, UriKind.Absolute, out uri) || uri.Host.Length == 0)
            {
                return $"an absolute URL needs a host, as in \"{scheme}://auth.example/login\"";
            }

            if (uri.UserInfo.Length > 0)
            {
                return "an absolute URL must not hold a user name ('user@host')";
            }

            kind = LoginViewKind.AbsoluteUrl;
            return null;
        }

        if (!IsEndpointName(text))
        {
            return "it is not a path, an absolute http(s) URL, or an endpoint name (letters, digits, '_', '-' and '.')";
        }

        kind = LoginViewKind.EndpointName;
        return null;
    }

    /// <summary>The length of a URL scheme (RFC 3986: a letter, then letters, digits, '+', '-', '.') before ':', or 0.</summary>
    private static int SchemeLength(string text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return 0;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsEndpointName(string text)
    {
        var rest = text.AsSpan();
        var first = true;
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            var ok = Rune.IsLetter(rune) || rune.Value == '_' || (!first && (Rune.IsDigit(rune) || rune.Value is '-' or '.'));
            if (!ok)
            {
                return false;
            }

            first = false;
            rest = rest[consumed..];
        }

        return true;
    }

    /// <summary>The URL as written when its host is ASCII, else with the host in punycode; non-ASCII elsewhere encoded.</summary>
    private static string AsciiUrl(string text, Uri uri)
    {
        var authorityStart = text.IndexOf("//", StringComparison.Ordinal) + 2;
        var authorityEnd = text.AsSpan(authorityStart).IndexOfAny('/', '?', '#');
        authorityEnd = authorityEnd < 0 ? text.Length : authorityStart + authorityEnd;
        if (Ascii.IsValid(text.AsSpan(authorityStart, authorityEnd - authorityStart)))
        {
            return PercentEncoding.ToAscii(text);
        }

        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return text[..authorityStart] + uri.IdnHost + port + PercentEncoding.ToAscii(text[authorityEnd..]);
    }
}
