using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads <c>Map*</c> calls: a cheap syntactic test on the method name first, then the operation tree to confirm the
/// target and read the handler. Calls whose handler carries <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> get a
/// guard woven in; the others are checked for LOGIN007 and LOGIN010, and every method group passed as a handler is
/// remembered for LOGIN009.
/// </summary>
internal static class MapCallParser
{
    /// <summary>
    /// Any <c>Map…</c> call that can take a handler, not only the ones a guard is woven into: a method group passed to
    /// <c>MapFallback</c> or to the user's own <c>Map…</c> helper is a handler too, as far as LOGIN009 is concerned.
    /// A handler comes after a pattern, except in <c>MapFallback(handler)</c>; that keeps <c>mapper.Map&lt;T&gt;(x)</c> out.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name },
            ArgumentList.Arguments.Count: var count,
        }
        && name.StartsWith("Map", StringComparison.Ordinal)
        && (count >= 2 || (count == 1 && name == "MapFallback"));

    public static MapCallResult? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        IArgumentOperation? handlerArgument = null;
        foreach (var argument in operation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is not null && (parameterType.SpecialType == SpecialType.System_Delegate || parameterType.Is(KnownNames.RequestDelegate)))
            {
                handlerArgument = argument;
            }
        }

        if (handlerArgument is null)
        {
            return null;
        }

        var handler = HandlerOf(handlerArgument.Value);
        var handlerMethod = handler is { MethodKind: not MethodKind.AnonymousFunction } ? handler.ToHandlerKey() : null;

        // Weaving, LOGIN007 and LOGIN010 are about ASP.NET Core's own Map* methods; a user's helper passes its handler on to one.
        var method = operation.TargetMethod;
        if (!method.ContainingType.Is(KnownNames.EndpointRouteBuilderExtensions))
        {
            return handlerMethod is null ? null : new MapCallResult(null, handlerMethod, EquatableArray<DiagnosticInfo>.Empty, null, false);
        }

        var mapName = ((MemberAccessExpressionSyntax)invocation.Expression).Name.Identifier;
        var weavable = IsWovenMethod(mapName.ValueText) && invocation.ArgumentList.Arguments.Count >= 2;
        var diagnostics = new List<DiagnosticInfo>();
        GuardedCallModel? guarded = null;
        DiagnosticInfo? runtimeGuard = null;
        var onlyWithRequestDelegateGenerator = false;

        if (handler is null)
        {
            // A delegate value: only its runtime metadata can tell whether it is marked.
            if (NotWovenValue(handlerArgument, context.SemanticModel, cancellationToken) is { } value)
            {
                runtimeGuard = DiagnosticInfo.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    SourceSite.Of(handlerArgument.Syntax),
                    $"The handler '{value}' is passed to {mapName.ValueText} as a delegate value, not as a lambda or method group",
                    weavable ? $", or pass the lambda or method to {mapName.ValueText} directly so the guard is woven at compile time" : "");
            }
        }
        else if (RequirementOf(handler) is { } requirement)
        {
            var location = weavable ? context.SemanticModel.GetInterceptableLocation(invocation, cancellationToken) : null;
            if (location is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    SourceSite.Of(mapName),
                    weavable
                        ? $"This {mapName.ValueText} call cannot be intercepted"
                        : $"{mapName.ValueText} is not one of the calls Login intercepts (MapGet, MapPost, MapPut, MapDelete, MapPatch, MapMethods, Map)",
                    ""));
            }
            else
            {
                guarded = Guard(method, location, requirement);
                runtimeGuard = DiagnosticInfo.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    SourceSite.Of(mapName),
                    $"ASP.NET Core's Request Delegate Generator (EnableRequestDelegateGenerator=true) intercepts this {mapName.ValueText} call",
                    "");
                onlyWithRequestDelegateGenerator = true;
            }
        }
        else if (weavable && !IsGuardedElsewhere(invocation, operation, handler))
        {
            AddUnguardedUserParameters(handler, diagnostics, cancellationToken);
        }

        return new MapCallResult(guarded, handlerMethod, diagnostics.ToEquatableArray(), runtimeGuard, onlyWithRequestDelegateGenerator);
    }

    private static bool IsWovenMethod(string name) =>
        name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map";

    private static GuardedCallModel Guard(IMethodSymbol method, InterceptableLocation location, string requirement)
    {
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

    /// <summary>
    /// For LOGIN010: the handler argument as written, unless it is null or visibly unmarked: a local whose initializer is
    /// a lambda or method group without <c>[LoginRequired]</c> has no guard to enforce at all.
    /// </summary>
    private static string? NotWovenValue(IArgumentOperation argument, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var value = argument.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue is { HasValue: true, Value: null })
        {
            return null;
        }

        if (value is ILocalReferenceOperation local
            && local.Local.DeclaringSyntaxReferences.Length == 1
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            && initializer.SyntaxTree == semanticModel.SyntaxTree
            && semanticModel.GetOperation(initializer, cancellationToken) is { } initial
            && HandlerOf(initial) is { } initialHandler
            && RequirementOf(initialHandler) is null)
        {
            return null;
        }

        var syntax = argument.Syntax is ArgumentSyntax written ? written.Expression : argument.Syntax;
        return syntax.ToString();
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

    /// <summary>
    /// Whether an unmarked handler may still be guarded by something this call cannot show: a route group (which often
    /// carries <c>RequireLogin()</c>), an <c>IEndpointRouteBuilder</c> that may be one, a <c>RequireLogin()</c> or
    /// <c>RequireAuthorization()</c> chained to the call, or an <c>[Authorize]</c> on the handler.
    /// </summary>
    private static bool IsGuardedElsewhere(InvocationExpressionSyntax invocation, IInvocationOperation operation, IMethodSymbol handler)
    {
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Ordinal != 0)
            {
                continue;
            }

            var receiver = argument.Value;
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            if (receiver.Type is null || receiver.Type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter || receiver.Type.Is(KnownNames.RouteGroupBuilder))
            {
                return true;
            }
        }

        for (SyntaxNode call = invocation;
             call.Parent is MemberAccessExpressionSyntax access && access.Expression == call && access.Parent is InvocationExpressionSyntax next;
             call = next)
        {
            if (access.Name.Identifier.ValueText is "RequireLogin" or "RequireFreshLogin" or "RequireAuthorization")
            {
                return true;
            }
        }

        foreach (var attribute in handler.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass)
            {
                continue;
            }

            foreach (var implemented in attributeClass.AllInterfaces)
            {
                if (implemented.Is(KnownNames.IAuthorizeData))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>LOGIN007 for each parameter of the <c>[LoginUser]</c> type that parameter binding would require.</summary>
    private static void AddUnguardedUserParameters(IMethodSymbol handler, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var parameter in handler.Parameters)
        {
            // Oblivious (#nullable disable) and defaulted parameters are optional to ASP.NET Core; a [From*] source is not ours.
            if (parameter.Type is not INamedTypeSymbol type
                || parameter.NullableAnnotation != NullableAnnotation.NotAnnotated
                || parameter.HasExplicitDefaultValue
                || !type.HasAttribute(KnownNames.LoginUserAttribute)
                || HasBindingSource(parameter)
                || parameter.DeclaringSyntaxReferences.Length == 0
                || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax syntax)
            {
                continue;
            }

            var span = TextSpan.FromBounds(syntax.Type?.SpanStart ?? syntax.Identifier.SpanStart, syntax.Identifier.Span.End);
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UserParameterOnUnguardedHandler,
                new SourceSite(syntax.SyntaxTree, span),
                parameter.Name,
                type.ToDisplayName()));
        }
    }

    private static bool HasBindingSource(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: var name }
                && (name.StartsWith("From", StringComparison.Ordinal) || name == "AsParametersAttribute"))
            {
                return true;
            }
        }

        return false;
    }
}
