using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Login.Generators.Diagnostics;

/// <summary>
/// Reads a <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> for LOGIN009. Controllers, actions and page models (and
/// hubs, gRPC services and Razor components, whose class attributes are endpoint metadata too) are fine; a lambda passed
/// to a <c>Map*</c> call is a handler; a method is one if some <c>Map*</c> call is passed it, which only the whole
/// compilation can tell, so the site carries the method's key to be checked at the end.
/// </summary>
internal static class GuardAttributeChecks
{
    /// <summary>
    /// The sites on a class, a method or local function, or a lambda: one for the first <c>[LoginRequired]</c> and one for
    /// the first <c>[FreshLoginRequired]</c> it carries (either generic or not), when either may guard nothing. A lambda needs the
    /// <paramref name="semanticModel"/> its syntax belongs to, to see what it is passed to.
    /// </summary>
    public static IEnumerable<GuardAttributeSite> Check(ISymbol target, SemanticModel? semanticModel, KnownTypes known, CancellationToken cancellationToken)
    {
        (AttributeData Data, GuardAttribute Guard)? loginRequired = null;
        (AttributeData Data, GuardAttribute Guard)? freshLoginRequired = null;
        foreach (var attribute in target.GetAttributes())
        {
            // Login's own four attributes, generic or not; a user's attribute deriving from one is left alone, as before.
            if (!IsLogins(attribute.AttributeClass, known) || GuardAttribute.Read(attribute.AttributeClass, known) is not { } guard)
            {
                continue;
            }

            if (guard.IsFresh)
            {
                freshLoginRequired ??= (attribute, guard);
            }
            else
            {
                loginRequired ??= (attribute, guard);
            }
        }

        if (loginRequired is { } l && Check(target, l.Data, l.Guard.Display, semanticModel, known, cancellationToken) is { } login)
        {
            yield return login;
        }

        if (freshLoginRequired is { } f && Check(target, f.Data, f.Guard.Display, semanticModel, known, cancellationToken) is { } fresh)
        {
            yield return fresh;
        }
    }

    private static bool IsLogins(INamedTypeSymbol? attributeClass, KnownTypes known) =>
        attributeClass.Is(known.LoginRequiredAttribute) || attributeClass.Is(known.FreshLoginRequiredAttribute)
            || attributeClass.Is(known.LoginRequiredAttributeOfT) || attributeClass.Is(known.FreshLoginRequiredAttributeOfT);

    private static GuardAttributeSite? Check(ISymbol target, AttributeData attributeData, string attribute, SemanticModel? semanticModel, KnownTypes known, CancellationToken cancellationToken)
    {
        if (attributeData.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not { } attributeSyntax)
        {
            return null;
        }

        var site = attributeSyntax.GetLocation();
        switch (target)
        {
            case INamedTypeSymbol type:
                return type.IsControllerOrPage(known) || type.IsMappedByType(known)
                    ? null
                    : new GuardAttributeSite(null, Diagnostic.Create(
                        DiagnosticDescriptors.GuardAttributeOnNonHandler,
                        site,
                        attribute,
                        $"class '{type.ToDisplayName()}'",
                        "derive it from ControllerBase or PageModel, or put the attribute on the methods passed to app.MapGet(...) or another Map* method"));

            case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }:
                return attributeSyntax.Parent?.Parent is LambdaExpressionSyntax lambda
                    && semanticModel is not null
                    && PassedToSomethingElse(lambda, semanticModel, known, cancellationToken) is { } callee
                    ? new GuardAttributeSite(null, Diagnostic.Create(
                        DiagnosticDescriptors.GuardAttributeOnNonHandler,
                        site,
                        attribute,
                        $"a lambda passed to '{callee}'",
                        "pass the lambda to app.MapGet(...) or another Map* method, or remove the attribute"))
                    : null;

            case IMethodSymbol method:
                // A hub method is guarded per call by Login's hub filter, which reads its attributes at run time.
                if (method.MethodKind != MethodKind.LocalFunction && method.ContainingType is { } containing
                    && (containing.IsControllerOrPage(known) || containing.IsHub(known)))
                {
                    return null;
                }

                var name = method.MethodKind == MethodKind.LocalFunction ? method.Name : method.ContainingType.ToDisplayName() + "." + method.Name;
                return new GuardAttributeSite(method.ToHandlerKey(), Diagnostic.Create(
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
    private static string? PassedToSomethingElse(LambdaExpressionSyntax lambda, SemanticModel semanticModel, KnownTypes known, CancellationToken cancellationToken)
    {
        if (lambda.Parent is not ArgumentSyntax argument || argument.Parent?.Parent is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            return null;
        }

        if (semanticModel.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } parameter })
        {
            return null;
        }

        if (parameter.Type.SpecialType == SpecialType.System_Delegate || parameter.Type.Is(known.RequestDelegate))
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
