using System.Runtime.CompilerServices;
using Bunit;

namespace Login.Blazor.Tests;

internal static class WaitTimeout
{
    /// <summary>
    /// bUnit waits a second for a render by default; on a loaded 2-core CI machine a circuit's re-render after a logout
    /// has taken longer. A bound for a slow machine, not a measurement: the tests still wait for the state, not for time.
    /// </summary>
    [ModuleInitializer]
    internal static void Raise() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10); // Playwright's: tests/Shared/Browser
}
