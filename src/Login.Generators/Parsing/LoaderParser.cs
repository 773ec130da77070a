using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads a <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> method: into the model the generator
/// compiles it to when its signature is usable, or into the problem (LOGIN005, LOGIN008) the analyzer reports, in which
/// case the generator leaves it out. The three kinds differ only in their first parameter (the id, the request, the
/// header value); everything else about the signature follows the same rules, so one parser reads them all.
/// </summary>
internal static class LoaderParser
{
    public static LoaderModel? ParseUserLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Read((IMethodSymbol)context.TargetSymbol, LoaderKind.User, KnownTypes.For(context.SemanticModel.Compilation), out _, cancellationToken);

    public static LoaderModel? ParseRequestLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Read((IMethodSymbol)context.TargetSymbol, LoaderKind.Request, KnownTypes.For(context.SemanticModel.Compilation), out _, cancellationToken);

    public static LoaderModel? ParseHeaderLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Read((IMethodSymbol)context.TargetSymbol, LoaderKind.Header, KnownTypes.For(context.SemanticModel.Compilation), out _, cancellationToken);

    /// <summary>
    /// The type a loader returns, unwrapped from its task, even when the rest of it is unusable: it still counts as that
    /// type's loader, so LOGIN004 does not pile on LOGIN005.
    /// </summary>
    public static ITypeSymbol? LoadedType(IMethodSymbol method, KnownTypes known) => UnwrapReturn(method.ReturnType, known).User;

    /// <summary>The loader as <c>Type.Method</c>, for messages.</summary>
    public static string DisplayName(IMethodSymbol method) => method.ContainingType.ToDisplayName() + "." + method.Name;

    /// <summary>The loader to compile, or <c>null</c> and the <paramref name="problem"/> reported at the method's name.</summary>
    public static LoaderModel? Read(IMethodSymbol method, LoaderKind kind, KnownTypes known, out Problem? problem, CancellationToken cancellationToken)
    {
        problem = null;
        var site = method.Locations.FirstOrDefault() ?? Location.None;
        var (userType, returns) = UnwrapReturn(method.ReturnType, known);
        var userTypeName = userType?.ToFullyQualifiedNonNullable();
        var loginUser = userType is INamedTypeSymbol named && named.HasAttribute(known.LoginUserAttribute) ? named : null;

        string? wrong = null;
        if (!method.IsStatic)
        {
            wrong = "is not static";
        }
        else if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected || !IsReachable(method.ContainingType))
        {
            wrong = "cannot be called from generated code; make it and its containing types internal or public";
        }
        else if (method.IsGenericMethod)
        {
            wrong = "is generic";
        }
        else if (loginUser is null && IsOwnType(userType))
        {
            // A type of the user's own that is not [LoginUser]: likely the wrong type, or a forgotten attribute.
            problem = NotAUserType(method, kind, userType, site);
            return null;
        }
        else if (loginUser is null)
        {
            // void, string, int, a non-generic Task: the signature itself is wrong (SPEC's LOGIN005).
            wrong = $"returns '{method.ReturnType.ToDisplayString()}'";
        }
        else if (method.Parameters.Length == 0)
        {
            wrong = kind switch
            {
                LoaderKind.Request => "takes no HttpRequest or HttpContext",
                LoaderKind.Header => "takes no header value",
                _ => "takes no id",
            };
        }

        cancellationToken.ThrowIfCancellationRequested();
        var arguments = new List<LoaderArgument>();
        string? idType = null;
        if (wrong is null)
        {
            var first = method.Parameters[0];
            (wrong, idType) = kind switch
            {
                LoaderKind.Request => (CheckRequest(first, known), null),
                LoaderKind.Header => (CheckHeaderValue(first), null),
                _ => CheckId(first, loginUser!, known),
            };

            // A request loader's first parameter is resolved like the rest; the id and the header value are not.
            for (var i = kind == LoaderKind.Request ? 0 : 1; i < method.Parameters.Length && wrong is null; i++)
            {
                var parameter = method.Parameters[i];
                if (parameter.RefKind != RefKind.None)
                {
                    wrong = $"takes '{parameter.Name}' by reference";
                    break;
                }

                arguments.Add(new LoaderArgument(SourceOf(parameter.Type, known), parameter.Type.ToFullyQualifiedNonNullable()));
            }
        }

        if (wrong is not null)
        {
            problem = new Problem(
                ProblemKind.LoaderSignatureUnusable,
                site,
                AttributeOf(kind),
                method.Name,
                wrong,
                loginUser?.ToDisplayName() ?? "User",
                FirstParameterToWrite(kind, loginUser, known),
                FirstParameterInWords(kind));
            return null;
        }

        return new LoaderModel(
            kind,
            method.ContainingType.ToFullyQualifiedNonNullable(),
            method.Name,
            userTypeName!,
            idType,
            arguments.ToEquatableArray(),
            returns);
    }

    private static bool IsOwnType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsImplicitlyDeclared: false } named
        && named.Locations.Any(l => l.IsInSource);

    /// <summary>LOGIN008: the loader returns a type of the user's own that is not a <c>[LoginUser]</c> type.</summary>
    private static Problem NotAUserType(IMethodSymbol method, LoaderKind kind, ITypeSymbol? loaded, Location site)
    {
        var loadedDisplay = loaded?.ToDisplayName() ?? method.ReturnType.ToDisplayString();
        var markIt = loaded is INamedTypeSymbol { TypeKind: TypeKind.Class } ? $", or mark '{loadedDisplay}' [LoginUser]" : "";
        return new Problem(
            ProblemKind.LoaderReturnsNonUserType,
            site,
            AttributeOf(kind),
            method.Name,
            method.ReturnType.ToDisplayString(),
            loadedDisplay,
            markIt);
    }

    /// <summary>
    /// A user loader's id: a string, or the type of the user's id member, the one type its stored text is sure to parse
    /// back to (any other would load no session, or the wrong ones). When the user wrote <c>GetId()</c>, Login cannot
    /// tell what the text is, so any type that parses itself will do. Returns the problem, and the type to parse to.
    /// </summary>
    private static (string? Problem, string? IdType) CheckId(IParameterSymbol id, INamedTypeSymbol loginUser, KnownTypes known)
    {
        if (id.RefKind != RefKind.None)
        {
            return ($"takes its id '{id.Name}' by reference", null);
        }

        if (id.Type.SpecialType == SpecialType.System_String)
        {
            return (null, null);
        }

        if (UserTypeParser.StoredIdOf(loginUser, known) is { } stored)
        {
            // Default equality ignores nullable annotations (Name? for Name), not Nullable<T> (int? for int).
            return SymbolEqualityComparer.Default.Equals(id.Type, stored.Type)
                ? (null, id.Type.ToFullyQualifiedNonNullable())
                : (NotTheIdsType(id, loginUser, stored.Member, stored.Type), null);
        }

        var problem = ParsesItself(id.Type, known)
            ? null
            : $"takes its id '{id.Name}' as '{id.Type.ToDisplayString()}', which cannot be parsed from the stored text";
        return (problem, id.Type.ToFullyQualifiedNonNullable());
    }

    private static string NotTheIdsType(IParameterSymbol id, INamedTypeSymbol loginUser, string member, ITypeSymbol storedType)
    {
        var taken = id.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var stored = storedType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        if (taken == stored)
        {
            // Two types of one name in different namespaces: only their full names tell them apart.
            taken = id.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            stored = storedType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        }

        var user = loginUser.ToDisplayName();
        var write = storedType.SpecialType == SpecialType.System_String
            ? $"string (the type of {user}.{member})"
            : $"{stored} (the type of {user}.{member}) or string";
        return $"takes its id '{id.Name}' as '{taken}', but the id of {user} is '{member}', of type '{stored}', so no stored id would ever load a user; " +
            $"change the first parameter to {write}";
    }

    private static string? CheckRequest(IParameterSymbol request, KnownTypes known) =>
        request.Type.Is(known.HttpRequest) || request.Type.Is(known.HttpContext)
            ? null
            : $"takes its first parameter '{request.Name}' as '{request.Type.ToDisplayString()}', not as HttpRequest or HttpContext";

    private static string? CheckHeaderValue(IParameterSymbol headerValue)
    {
        if (headerValue.RefKind != RefKind.None)
        {
            return $"takes its header value '{headerValue.Name}' by reference";
        }

        return headerValue.Type.SpecialType == SpecialType.System_String
            ? null
            : $"takes its header value '{headerValue.Name}' as '{headerValue.Type.ToDisplayString()}', not as a string";
    }

    private static string AttributeOf(LoaderKind kind) => kind switch
    {
        LoaderKind.Request => "[RequestLoader]",
        LoaderKind.Header => "[HeaderLoader]",
        _ => "[UserLoader]",
    };

    /// <summary>The first parameter of the suggested signature: for a user loader, the id typed as the user's id member.</summary>
    private static string FirstParameterToWrite(LoaderKind kind, INamedTypeSymbol? loginUser, KnownTypes known) => kind switch
    {
        LoaderKind.Request => "HttpRequest request",
        LoaderKind.Header => "string headerValue",
        _ => (loginUser is null ? "int" : UserTypeParser.IdTypeName(loginUser, known)) + " id",
    };

    private static string FirstParameterInWords(LoaderKind kind) => kind switch
    {
        LoaderKind.Request => "the HttpRequest or HttpContext",
        LoaderKind.Header => "the header value as a string",
        _ => "the user's id",
    };

    private static (ITypeSymbol? User, LoaderReturn Return) UnwrapReturn(ITypeSymbol returnType, KnownTypes known)
    {
        if (returnType is INamedTypeSymbol { IsGenericType: true } generic)
        {
            if (generic.Is(known.Task))
            {
                return (generic.TypeArguments[0], LoaderReturn.Task);
            }

            if (generic.Is(known.ValueTask))
            {
                return (generic.TypeArguments[0], LoaderReturn.ValueTask);
            }
        }

        return (returnType, LoaderReturn.Value);
    }

    /// <summary>Whether the type parses itself from text (<c>IParsable&lt;T&gt;</c>), as a loader's id must when Login does not format the id.</summary>
    public static bool ParsesItself(ITypeSymbol type, KnownTypes known)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(known.IParsable) && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
            {
                return true;
            }
        }

        return false;
    }

    private static LoaderArgumentSource SourceOf(ITypeSymbol type, KnownTypes known)
    {
        if (type.Is(known.CancellationToken))
        {
            return LoaderArgumentSource.CancellationToken;
        }

        if (type.Is(known.HttpContext))
        {
            return LoaderArgumentSource.HttpContext;
        }

        return type.Is(known.HttpRequest) ? LoaderArgumentSource.HttpRequest : LoaderArgumentSource.Service;
    }

    private static bool IsReachable(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            {
                return false;
            }
        }

        return true;
    }
}
