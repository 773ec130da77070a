using System.Runtime.CompilerServices;

namespace Login.Testing.Browser;

/// <summary>How long Playwright's assertions wait, in every test assembly that drives Chromium (these files are linked into each).</summary>
internal static class ExpectTimeout
{
    /// <summary>
    /// Playwright's assertions wait 5 s by default; on a loaded 2-core CI machine a page, a circuit starting or a
    /// navigation ending has taken longer. A bound for a slow machine, not a measurement: a positive wait returns as soon
    /// as the state holds, a "not" one as soon as it does not.
    /// </summary>
    [ModuleInitializer]
    internal static void Raise() => Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
}
