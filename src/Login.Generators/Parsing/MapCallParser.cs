using System.Collections.Generic;
using System.Threading;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Login.Generators.Parsing;

/// <summary>
/// Finds <c>Map*</c> calls whose handler carries <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c>:
/// a cheap syntactic test on the method name first, then the operation tree to confirm the target and read the handler.
/// </summary>
internal static class MapCallParser
{
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map" },
            ArgumentList.Arguments.Count: >= 2,
        };

    public static GuardedCallModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        var method = operation.TargetMethod;
        if (!method.ContainingType.Is(KnownNames.EndpointRouteBuilderExtensions))
        {
            return null;
        }

        string? requirement = null;
        foreach (var argument in operation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is not null && (parameterType.SpecialType == SpecialType.System_Delegate || parameterType.Is(KnownNames.RequestDelegate)))
            {
                requirement = RequirementOf(HandlerOf(argument.Value));
            }
        }

        if (requirement is null)
        {
            return null;
        }

        var location = context.SemanticModel.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        var parameters = new List<InterceptedParameter>();
        var reduced = method.ReducedFrom ?? method;
        foreach (var parameter in reduced.Parameters)
        {
            parameters.Add(new InterceptedParameter(parameter.Type.ToFullyQualified(), parameter.Name));
        }

        return new GuardedCallModel(
            location.Version,
            location.Data,
            FileNameOnly(location.GetDisplayLocation()),
            reduced.ContainingType.ToFullyQualifiedNonNullable(),
            reduced.Name,
            reduced.ReturnType.ToFullyQualified(),
            parameters.ToEquatableArray(),
            requirement);
    }

    /// <summary>"Program.cs(12,5)" rather than a full path: generated code should not depend on where the repository is.</summary>
    private static string FileNameOnly(string displayLocation) =>
        displayLocation.Substring(displayLocation.LastIndexOfAny(new[] { '/', '\\' }) + 1);

    /// <summary>The method a handler argument stands for: the lambda's, or the method group's.</summary>
    private static IMethodSymbol? HandlerOf(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        return value switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
    }

    private static string? RequirementOf(IMethodSymbol? handler)
    {
        if (handler is null)
        {
            return null;
        }

        string? requirement = null;
        foreach (var attribute in handler.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (type.Is(KnownNames.FreshLoginRequiredAttribute))
                {
                    return "FreshLogin";
                }

                if (type.Is(KnownNames.LoginRequiredAttribute))
                {
                    requirement = "Login";
                    break;
                }
            }
        }

        return requirement;
    }
}
