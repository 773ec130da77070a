using Xunit;

namespace Login.Testing.Browser;

/// <summary>
/// A test that needs Debian's Chromium. Skipped with a message naming what is missing on a developer machine
/// without it (xunit 2 cannot skip from inside a test); under <c>CI=true</c> it always runs, so a missing browser
/// fails the build instead of quietly skipping the browser tests.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!DebianChromium.IsInstalled && !DebianChromium.IsRequired)
        {
            Skip = DebianChromium.MissingMessage;
        }
    }
}
