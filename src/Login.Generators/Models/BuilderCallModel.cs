namespace Login.Generators.Models;

/// <summary>
/// One call that creates a web application builder (<c>WebApplication.CreateBuilder</c>, <c>CreateSlimBuilder</c> or
/// <c>CreateEmptyBuilder</c>): where it is (as the compiler's interceptable location) and which overload it calls.
/// </summary>
internal sealed record BuilderCallModel(
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string MethodName,
    EquatableArray<InterceptedParameter> Parameters) : IInterceptedCall
{
    /// <summary>Calls of the same overload share one interceptor method.</summary>
    public string SignatureKey => $"{MethodName}({string.Join(",", Parameters)})";
}
