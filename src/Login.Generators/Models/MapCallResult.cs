namespace Login.Generators.Models;

/// <summary>
/// What parsing one <c>Map*</c> call gives. Only <see cref="Guarded"/> reaches the emitter; the rest feeds the
/// diagnostics pipelines, which may keep source sites.
/// </summary>
/// <param name="Guarded">The call to weave a guard into, when its handler is marked and the call can be intercepted.</param>
/// <param name="HandlerMethod">The handler's key (<c>SymbolExtensions.ToHandlerKey</c>) when it is a method group, so LOGIN009 knows the method is a handler.</param>
/// <param name="Diagnostics">LOGIN007 and LOGIN010 for this call.</param>
/// <param name="StepAside">LOGIN010 to report if the Request Delegate Generator is on and the generator steps aside from this guarded call.</param>
internal sealed record MapCallResult(
    GuardedCallModel? Guarded,
    string? HandlerMethod,
    EquatableArray<DiagnosticInfo> Diagnostics,
    DiagnosticInfo? StepAside);
