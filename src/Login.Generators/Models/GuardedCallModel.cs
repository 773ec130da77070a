namespace Login.Generators.Models;

/// <summary>A parameter of the intercepted <c>Map*</c> method, as the interceptor must repeat it.</summary>
internal sealed record InterceptedParameter(string Type, string Name);

/// <summary>
/// One <c>Map*</c> call whose handler carries <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c>: where it is
/// (as the compiler's interceptable location), which overload it calls, and which guard to weave.
/// </summary>
internal sealed record GuardedCallModel(
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string ContainingType,
    string MethodName,
    string ReturnType,
    EquatableArray<InterceptedParameter> Parameters,
    string Requirement) : IInterceptedCall
{
    /// <summary>Calls with the same signature and guard share one interceptor method.</summary>
    public string SignatureKey => $"{ContainingType}.{MethodName}({string.Join(",", Parameters)})->{ReturnType}:{Requirement}";
}

/// <summary>All guarded calls of the compilation, or none when the Request Delegate Generator owns the calls.</summary>
internal sealed record GuardFileModel(EquatableArray<GuardedCallModel> Calls);
