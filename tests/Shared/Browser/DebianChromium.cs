using Microsoft.Playwright;
using Xunit;

namespace Login.Testing.Browser;

/// <summary>
/// The browser the tests drive: Debian's <c>chromium</c> package, never a Playwright browser download (the machines
/// that run these tests cannot download one).
/// </summary>
public static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";
    public const string PackageName = "chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>In CI a missing browser is a broken machine, not a reason to skip: <c>.ci/run</c> installs it.</summary>
    public static bool IsRequired =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"{ExecutablePath} is missing: install Debian's '{PackageName}' package (apt-get install -y {PackageName}).";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!IsInstalled)
        {
            Assert.Fail(MissingMessage);
        }

        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // No sandbox: CI runs as root, where Chromium refuses to start sandboxed. The rest keeps the browser
            // from reaching out to the network (updates, sync, field trials) while the tests run.
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        });
    }
}
