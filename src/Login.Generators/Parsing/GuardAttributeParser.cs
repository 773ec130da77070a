using System;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads a <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> for LOGIN009. Controllers, actions and page models (and
/// hubs, gRPC services and Razor components, whose class attributes are endpoint metadata too) are fine; a lambda passed
/// to a <c>Map*</c> call is a handler; a method is one if some <c>Map*</c> call is passed it, which only the whole
/// compilation can tell, so the site carries the method's key to be checked later.
/// </summary>
internal static class GuardAttributeParser
{
    public static bool IsTarget(SyntaxNode node, CancellationToken cancellationToken) =>
        node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or ClassDeclarationSyntax or RecordDeclarationSyntax or LambdaExpressionSyntax;

    public static GuardAttributeSite? ParseLoginRequired(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, "[LoginRequired]", cancellationToken);

    public static GuardAttributeSite? ParseFreshLoginRequired(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, "[FreshLoginRequired]", cancellationToken);

    private static GuardAttributeSite? Parse(GeneratorAttributeSyntaxContext context, string attribute, CancellationToken cancellationToken)
    {
        if (context.Attributes.IsEmpty || context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not { } attributeSyntax)
        {
            return null;
        }

        var site = SourceSite.Of(attributeSyntax);
        switch (context.TargetSymbol)
        {
            case INamedTypeSymbol type:
                return type.IsControllerOrPage() || type.IsMappedByType()
                    ? null
                    : new GuardAttributeSite(null, DiagnosticInfo.Create(
                        DiagnosticDescriptors.GuardAttributeOnNonHandler,
                        site,
                        attribute,
                        $"class '{type.ToDisplayName()}'",
                        "derive it from ControllerBase or PageModel, or put the attribute on the methods passed to app.MapGet(...) or another Map* method"));

            case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }:
                return context.TargetNode is LambdaExpressionSyntax lambda && PassedToSomethingElse(lambda, context.SemanticModel, cancellationToken) is { } callee
                    ? new GuardAttributeSite(null, DiagnosticInfo.Create(
                        DiagnosticDescriptors.GuardAttributeOnNonHandler,
                        site,
                        attribute,
                        $"a lambda passed to '{callee}'",
                        "pass the lambda to app.MapGet(...) or another Map* method, or remove the attribute"))
                    : null;

            case IMethodSymbol method:
                if (method.MethodKind != MethodKind.LocalFunction && method.ContainingType is { } containing && containing.IsControllerOrPage())
                {
                    return null;
                }

                var name = method.MethodKind == MethodKind.LocalFunction ? method.Name : method.ContainingType.ToDisplayName() + "." + method.Name;
                return new GuardAttributeSite(method.ToHandlerKey(), DiagnosticInfo.Create(
                    DiagnosticDescriptors.GuardAttributeOnNonHandler,
                    site,
                    attribute,
                    $"method '{name}'",
                    $"pass it to a Map* method, as in app.MapGet(\"/path\", {method.Name}), or remove the attribute"));

            default:
                return null;
        }
    }

    /// <summary>
    /// The method a lambda is passed to, when that is not a <c>Map*</c> call and does not take a <c>Delegate</c> (as
    /// every Map* overload and the user's own helpers do); <c>null</c> when the lambda is a handler or may become one
    /// (stored in a variable, returned, cast).
    /// </summary>
    private static string? PassedToSomethingElse(LambdaExpressionSyntax lambda, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (lambda.Parent is not ArgumentSyntax argument || argument.Parent?.Parent is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            return null;
        }

        if (semanticModel.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } parameter })
        {
            return null;
        }

        if (parameter.Type.SpecialType == SpecialType.System_Delegate || parameter.Type.Is(KnownNames.RequestDelegate))
        {
            return null;
        }

        var callee = parameter.ContainingSymbol;
        if (callee is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            return constructor.ContainingType.ToDisplayName();
        }

        return callee.Name.StartsWith("Map", StringComparison.Ordinal) ? null : callee.Name;
    }
}
