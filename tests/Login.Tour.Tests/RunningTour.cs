namespace Login.Tour.Tests;

/// <summary>Where the tour app that <c>.ci/tour-smoke</c> started listens, and what the README promises about it.</summary>
public static class RunningTour
{
    public const string AddressVariable = "LOGIN_TOUR_URL";
    public const string ScreenshotsVariable = "LOGIN_TOUR_SCREENSHOTS";

    /// <summary>The README's demo users: Ada logs in, Bob's account is disabled.</summary>
    public const string AdaEmail = "ada@example.com";
    public const string AdaPassword = "correct horse";
    public const string BobEmail = "bob@example.com";
    public const string BobPassword = "battery staple";

    /// <summary>The session cookie's name in Development, the environment <c>dotnet run</c> uses (docs/options.md).</summary>
    public const string SessionCookie = ".Login.Session";
    public const string RememberCookie = "remember_token";

    public static Uri? Address =>
        Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null;

    /// <summary>Where screenshots go: the folder the smoke script names, or the test output.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "tour-screenshots");
}
