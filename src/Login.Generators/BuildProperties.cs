using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators;

/// <summary>
/// The MSBuild properties Login's generator and analyzer read, in one place so both read them alike. A property reaches
/// them only when the build lists it as <c>CompilerVisibleProperty</c>, which the package's build props
/// (build/Login.Runtime.props) do.
/// </summary>
internal static class BuildProperties
{
    /// <summary>
    /// Whether ASP.NET Core's Request Delegate Generator runs in this build. It intercepts the same <c>Map*</c> calls, and two
    /// interceptors for one call are error CS9153, so Login then weaves nothing and its runtime guards those endpoints.
    /// </summary>
    public static bool RequestDelegateGeneratorEnabled(AnalyzerConfigOptions globalOptions) =>
        globalOptions.TryGetValue("build_property.EnableRequestDelegateGenerator", out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
