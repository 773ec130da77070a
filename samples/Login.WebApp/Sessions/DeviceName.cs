namespace Login.WebApp.Sessions;

/// <summary>
/// "Chrome on Linux" from a User-Agent header: enough for a person to recognise their own devices in a list. Not a
/// full parser; anything it does not know is named by what it can tell, or "Unknown device".
/// </summary>
public static class DeviceName
{
    public static string FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        var browser = Browser(userAgent);
        var system = OperatingSystem(userAgent);
        return (browser, system) switch
        {
            (null, null) => Truncate(userAgent),
            (null, _) => system!,
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }

    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static string? Browser(string ua) =>
        Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") ? "Edge"
        : Has(ua, "OPR/") ? "Opera"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "HeadlessChrome/") ? "Headless Chrome"
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") ? "Chrome"
        : Has(ua, "Safari/") ? "Safari"
        : ua.StartsWith("curl/", StringComparison.OrdinalIgnoreCase) ? "curl"
        : null;

    private static string? OperatingSystem(string ua) =>
        Has(ua, "iPhone") ? "iPhone"
        : Has(ua, "iPad") ? "iPad"
        : Has(ua, "Android") ? "Android"
        : Has(ua, "Windows") ? "Windows"
        : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Linux") ? "Linux"
        : null;

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);

    private static string Truncate(string ua) => ua.Length <= 40 ? ua : string.Concat(ua.AsSpan(0, 40), "…");
}
