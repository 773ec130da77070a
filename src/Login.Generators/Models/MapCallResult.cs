namespace Login.Generators.Models;

/// <summary>
/// What parsing one <c>Map*</c> call gives. Only <see cref="Guarded"/> reaches the emitter; the rest feeds the
/// diagnostics pipelines, which may keep source sites.
/// </summary>
/// <param name="Guarded">The call to weave a guard into, when its handler is marked and the call can be intercepted.</param>
/// <param name="HandlerMethod">The handler's key (<c>SymbolExtensions.ToHandlerKey</c>) when it is a method group, so LOGIN009 knows the method is a handler.</param>
/// <param name="Diagnostics">LOGIN007, and LOGIN010 for a marked handler passed to a call Login does not intercept.</param>
/// <param name="RuntimeGuard">
/// LOGIN010 for a handler passed as a delegate value, or for a guarded call, which the Request Delegate Generator takes
/// over when it is on. Its last message argument (weave it by passing the lambda directly) is dropped when it is.
/// </param>
/// <param name="OnlyWithRequestDelegateGenerator">Whether <see cref="RuntimeGuard"/> is reported only when the Request Delegate Generator is on.</param>
internal sealed record MapCallResult(
    GuardedCallModel? Guarded,
    string? HandlerMethod,
    EquatableArray<DiagnosticInfo> Diagnostics,
    DiagnosticInfo? RuntimeGuard,
    bool OnlyWithRequestDelegateGenerator);
