namespace Login.CodeFixes;

/// <summary>
/// The ids of the diagnostics these fixes answer. They are fixed by the contract (SPEC §5), so they are written here
/// rather than read from Login.Generators, whose descriptors are internal to the analyzer's assembly.
/// </summary>
internal static class DiagnosticIds
{
    public const string UserTypeNotPartial = "LOGIN001";
    public const string UserTypeHasNoId = "LOGIN002";
    public const string UserTypeHasNoLoader = "LOGIN004";
    public const string LoaderSignatureUnusable = "LOGIN005";
    public const string UserParameterOnUnguardedHandler = "LOGIN007";
}
