using System.Net;
using System.Text.RegularExpressions;

namespace Login.Sample.Tests;

/// <summary>The sample's login form as served by <c>GET /login</c>: its HTML and the hidden fields a browser would post back.</summary>
public sealed partial record LoginForm(string Html, IReadOnlyDictionary<string, string> HiddenFields)
{
    /// <summary>The field name ASP.NET Core's antiforgery uses by default.</summary>
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    public string? AntiforgeryToken => HiddenFields.GetValueOrDefault(AntiforgeryFieldName);

    public string? Next => HiddenFields.GetValueOrDefault("next");

    public bool HasInput(string name) => InputNamed(name).IsMatch(Html);

    public static LoginForm Parse(string html)
    {
        var hidden = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenInput().Matches(html))
        {
            hidden[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }

        return new LoginForm(html, hidden);
    }

    private static Regex InputNamed(string name) =>
        new($"""<input\b[^>]*\bname="{Regex.Escape(name)}"[^>]*>""", RegexOptions.IgnoreCase);

    // The sample writes attributes in a fixed order (type, name, value); a browser-grade parser would be overkill.
    [GeneratedRegex("""<input\b[^>]*\btype="hidden"[^>]*\bname="(?<name>[^"]*)"[^>]*\bvalue="(?<value>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
