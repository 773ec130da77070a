using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads a <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> method into a <see cref="LoaderResult"/>.
/// The three kinds differ only in their first parameter (the id, the request, the header value); everything else about
/// the signature follows the same rules, so one parser reads them all.
/// </summary>
internal static class LoaderParser
{
    public static LoaderResult ParseUserLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, LoaderKind.User, cancellationToken);

    public static LoaderResult ParseRequestLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, LoaderKind.Request, cancellationToken);

    public static LoaderResult ParseHeaderLoader(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, LoaderKind.Header, cancellationToken);

    private static LoaderResult Parse(GeneratorAttributeSyntaxContext context, LoaderKind kind, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var site = SourceSite.Of(((MethodDeclarationSyntax)context.TargetNode).Identifier);
        var (userType, returns) = UnwrapReturn(method.ReturnType);
        var userTypeName = userType?.ToFullyQualifiedNonNullable();
        var loginUser = userType is INamedTypeSymbol named && named.HasAttribute(KnownNames.LoginUserAttribute) ? named : null;

        string? problem = null;
        if (!method.IsStatic)
        {
            problem = "is not static";
        }
        else if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected || !IsReachable(method.ContainingType))
        {
            problem = "cannot be called from generated code; make it and its containing types internal or public";
        }
        else if (method.IsGenericMethod)
        {
            problem = "is generic";
        }
        else if (loginUser is null && IsOwnType(userType))
        {
            // A type of the user's own that is not [LoginUser]: likely the wrong type, or a forgotten attribute.
            return NotAUserType(method, kind, userType, userTypeName, site);
        }
        else if (loginUser is null)
        {
            // void, string, int, a non-generic Task: the signature itself is wrong (SPEC's LOGIN005).
            problem = $"returns '{method.ReturnType.ToDisplayString()}'";
        }
        else if (method.Parameters.Length == 0)
        {
            problem = kind switch
            {
                LoaderKind.Request => "takes no HttpRequest or HttpContext",
                LoaderKind.Header => "takes no header value",
                _ => "takes no id",
            };
        }

        cancellationToken.ThrowIfCancellationRequested();
        var arguments = new List<LoaderArgument>();
        string? idType = null;
        if (problem is null)
        {
            var first = method.Parameters[0];
            (problem, idType) = kind switch
            {
                LoaderKind.Request => (CheckRequest(first), null),
                LoaderKind.Header => (CheckHeaderValue(first), null),
                _ => CheckId(first),
            };

            // A request loader's first parameter is resolved like the rest; the id and the header value are not.
            for (var i = kind == LoaderKind.Request ? 0 : 1; i < method.Parameters.Length && problem is null; i++)
            {
                var parameter = method.Parameters[i];
                if (parameter.RefKind != RefKind.None)
                {
                    problem = $"takes '{parameter.Name}' by reference";
                    break;
                }

                arguments.Add(new LoaderArgument(SourceOf(parameter.Type), parameter.Type.ToFullyQualifiedNonNullable()));
            }
        }

        if (problem is not null)
        {
            var diagnostic = DiagnosticInfo.Create(
                DiagnosticDescriptors.LoaderSignatureUnusable,
                site,
                AttributeOf(kind),
                method.Name,
                problem,
                loginUser?.ToDisplayName() ?? "User",
                FirstParameterToWrite(kind, loginUser),
                FirstParameterInWords(kind));
            return new LoaderResult(null, userTypeName, null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
        }

        var model = new LoaderModel(
            kind,
            method.ContainingType.ToFullyQualifiedNonNullable(),
            method.Name,
            userTypeName!,
            idType,
            arguments.ToEquatableArray(),
            returns);
        var declaration = new LoaderDeclaration(
            userTypeName!,
            loginUser!.ToDisplayName(),
            method.ContainingType.ToDisplayName() + "." + method.Name,
            site);
        return new LoaderResult(model, userTypeName, declaration, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static bool IsOwnType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsImplicitlyDeclared: false } named
        && named.Locations.Any(l => l.IsInSource);

    /// <summary>LOGIN008: the loader returns a type of the user's own that is not a <c>[LoginUser]</c> type.</summary>
    private static LoaderResult NotAUserType(IMethodSymbol method, LoaderKind kind, ITypeSymbol? loaded, string? loadedName, SourceSite site)
    {
        var loadedDisplay = loaded?.ToDisplayName() ?? method.ReturnType.ToDisplayString();
        var markIt = loaded is INamedTypeSymbol { TypeKind: TypeKind.Class } ? $", or mark '{loadedDisplay}' [LoginUser]" : "";
        var diagnostic = DiagnosticInfo.Create(
            DiagnosticDescriptors.LoaderReturnsNonUserType,
            site,
            AttributeOf(kind),
            method.Name,
            method.ReturnType.ToDisplayString(),
            loadedDisplay,
            markIt);
        return new LoaderResult(null, loadedName, null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
    }

    /// <summary>A user loader's id: a string, or a type that parses itself. Returns the problem, and the type to parse to.</summary>
    private static (string? Problem, string? IdType) CheckId(IParameterSymbol id)
    {
        if (id.RefKind != RefKind.None)
        {
            return ($"takes its id '{id.Name}' by reference", null);
        }

        if (id.Type.SpecialType == SpecialType.System_String)
        {
            return (null, null);
        }

        var problem = ParsesItself(id.Type)
            ? null
            : $"takes its id '{id.Name}' as '{id.Type.ToDisplayString()}', which cannot be parsed from the stored text";
        return (problem, id.Type.ToFullyQualifiedNonNullable());
    }

    private static string? CheckRequest(IParameterSymbol request) =>
        request.Type.Is(KnownNames.HttpRequest) || request.Type.Is(KnownNames.HttpContext)
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
    private static string FirstParameterToWrite(LoaderKind kind, INamedTypeSymbol? loginUser) => kind switch
    {
        LoaderKind.Request => "HttpRequest request",
        LoaderKind.Header => "string headerValue",
        _ => (loginUser is null ? "int" : UserTypeParser.IdTypeName(loginUser)) + " id",
    };

    private static string FirstParameterInWords(LoaderKind kind) => kind switch
    {
        LoaderKind.Request => "the HttpRequest or HttpContext",
        LoaderKind.Header => "the header value as a string",
        _ => "the user's id",
    };

    private static (ITypeSymbol? User, LoaderReturn Return) UnwrapReturn(ITypeSymbol returnType)
    {
        if (returnType is INamedTypeSymbol { IsGenericType: true } generic)
        {
            if (generic.Is(KnownNames.Task))
            {
                return (generic.TypeArguments[0], LoaderReturn.Task);
            }

            if (generic.Is(KnownNames.ValueTask))
            {
                return (generic.TypeArguments[0], LoaderReturn.ValueTask);
            }
        }

        return (returnType, LoaderReturn.Value);
    }

    private static bool ParsesItself(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(KnownNames.IParsable) && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
            {
                return true;
            }
        }

        return false;
    }

    private static LoaderArgumentSource SourceOf(ITypeSymbol type)
    {
        if (type.Is(KnownNames.CancellationToken))
        {
            return LoaderArgumentSource.CancellationToken;
        }

        if (type.Is(KnownNames.HttpContext))
        {
            return LoaderArgumentSource.HttpContext;
        }

        return type.Is(KnownNames.HttpRequest) ? LoaderArgumentSource.HttpRequest : LoaderArgumentSource.Service;
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
