using System.Collections.Generic;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>Reads a <c>[UserLoader]</c> method into a <see cref="LoaderResult"/>.</summary>
internal static class LoaderParser
{
    public static LoaderResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var site = SourceSite.Of(((MethodDeclarationSyntax)context.TargetNode).Identifier);
        var (userType, returns) = UnwrapReturn(method.ReturnType);
        var userTypeName = userType?.ToFullyQualifiedNonNullable();

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
        else if (userType is null || !userType.HasAttribute(KnownNames.LoginUserAttribute))
        {
            problem = $"returns '{method.ReturnType.ToDisplayString()}', not a [LoginUser] type";
        }
        else if (method.Parameters.Length == 0)
        {
            problem = "takes no id";
        }

        var arguments = new List<LoaderArgument>();
        string? idType = null;
        if (problem is null)
        {
            var id = method.Parameters[0];
            if (id.RefKind != RefKind.None)
            {
                problem = $"takes its id '{id.Name}' by reference";
            }
            else if (id.Type.SpecialType != SpecialType.System_String)
            {
                if (!ParsesItself(id.Type))
                {
                    problem = $"takes its id '{id.Name}' as '{id.Type.ToDisplayString()}', which cannot be parsed from the stored text";
                }

                idType = id.Type.ToFullyQualifiedNonNullable();
            }

            for (var i = 1; i < method.Parameters.Length && problem is null; i++)
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
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.LoaderSignatureUnusable, site, method.Name, problem);
            return new LoaderResult(null, userTypeName, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
        }

        var model = new LoaderModel(
            method.ContainingType.ToFullyQualifiedNonNullable(),
            method.Name,
            userTypeName!,
            idType,
            arguments.ToEquatableArray(),
            returns);
        return new LoaderResult(model, userTypeName, EquatableArray<DiagnosticInfo>.Empty);
    }

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
