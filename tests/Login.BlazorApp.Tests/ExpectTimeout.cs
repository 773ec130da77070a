using System.Runtime.CompilerServices;

namespace Login.BlazorApp.Tests;

internal static class ExpectTimeout
{
    /// <summary>
    /// Playwright's assertions wait 5 s by default; on a loaded 2-core CI machine a page or a circuit has taken longer.
    /// A bound for a slow machine, not a measurement: a positive wait returns as soon as the state holds.
    /// </summary>
    [ModuleInitializer]
    internal static void Raise() => Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
}
