namespace Login.Generators.Models;

/// <summary>Which attribute marks a loader: it decides the loader's first parameter and the interface it is compiled to.</summary>
internal enum LoaderKind
{
    /// <summary><c>[UserLoader]</c>: takes the id stored in the session; compiled to <c>IUserLoader</c>.</summary>
    User,

    /// <summary><c>[RequestLoader]</c>: takes the <c>HttpRequest</c> or <c>HttpContext</c>; compiled to <c>IRequestLoader</c>.</summary>
    Request,

    /// <summary><c>[HeaderLoader]</c>: takes the auth header's value as a string; compiled to <c>IHeaderLoader</c>.</summary>
    Header,
}

/// <summary>How a loader hands back its user.</summary>
internal enum LoaderReturn
{
    Value,
    Task,
    ValueTask,
}

/// <summary>Where a loader parameter gets its value, apart from a user loader's id and a header loader's header value.</summary>
internal enum LoaderArgumentSource
{
    Service,
    CancellationToken,
    HttpContext,
    HttpRequest,
}

/// <summary>One loader parameter resolved from the request: all of a request loader's, the ones after the first for the others.</summary>
internal sealed record LoaderArgument(LoaderArgumentSource Source, string Type);

/// <summary>Everything needed to write the compiled form of one loader method.</summary>
/// <param name="Kind">Which attribute marks it.</param>
/// <param name="ContainingType">Fully qualified type that declares the method.</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="UserType">Fully qualified <c>[LoginUser]</c> type it returns.</param>
/// <param name="IdType">For a user loader, the fully qualified type of the id parameter; <c>null</c> when it is a string, and for the other kinds.</param>
/// <param name="Arguments">The parameters resolved from the request, in order.</param>
internal sealed record LoaderModel(
    LoaderKind Kind,
    string ContainingType,
    string MethodName,
    string UserType,
    string? IdType,
    EquatableArray<LoaderArgument> Arguments,
    LoaderReturn Return);

/// <summary>The loaders to register for this compilation: user loaders, then request loaders, then header loaders.</summary>
internal sealed record LoaderRegistrationModel(EquatableArray<LoaderModel> Loaders);
