namespace Login.Generators.Models;

/// <summary>How a loader hands back its user.</summary>
internal enum LoaderReturn
{
    Value,
    Task,
    ValueTask,
}

/// <summary>Where a loader parameter after the id gets its value.</summary>
internal enum LoaderArgumentSource
{
    Service,
    CancellationToken,
    HttpContext,
    HttpRequest,
}

/// <summary>One loader parameter after the id.</summary>
internal sealed record LoaderArgument(LoaderArgumentSource Source, string Type);

/// <summary>Everything needed to write the compiled form of one <c>[UserLoader]</c> method.</summary>
/// <param name="ContainingType">Fully qualified type that declares the method.</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="UserType">Fully qualified <c>[LoginUser]</c> type it returns.</param>
/// <param name="IdType">Fully qualified type of the id parameter; <c>null</c> when it is a string.</param>
internal sealed record LoaderModel(
    string ContainingType,
    string MethodName,
    string UserType,
    string? IdType,
    EquatableArray<LoaderArgument> Arguments,
    LoaderReturn Return);

/// <summary>What parsing one <c>[UserLoader]</c> method gives.</summary>
/// <param name="Model">The loader to register, when its signature is usable.</param>
/// <param name="UserType">The type it returns (fully qualified), even when the rest is unusable, so LOGIN004 does not pile on.</param>
internal sealed record LoaderResult(LoaderModel? Model, string? UserType, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The loaders to register for this compilation.</summary>
internal sealed record LoaderRegistrationModel(EquatableArray<LoaderModel> Loaders);
