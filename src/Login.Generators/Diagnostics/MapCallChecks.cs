using System;
using System.Threading;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Diagnostics;

/// <summary>
/// What the analyzer checks at a <c>Map*</c> call: LOGIN007 (a user parameter on a handler nothing guards), LOGIN010
/// (a guard enforced at runtime because it cannot be woven), LOGIN012 (a route group's <c>AllowAnonymous()</c> that
/// opens a guarded handler) and LOGIN015 (a guarded handler's user parameters that disagree with its guard). It reads the call as the generator does
/// (<see cref="MapCallParser"/>), so the calls reported as not woven are exactly the ones the generator leaves alone.
/// </summary>
internal static class MapCallChecks
{
    /// <summary>
    /// Checks one invocation and returns the handler's key (<see cref="SymbolExtensions.ToHandlerKey"/>) when it is a
    /// method group passed to a <c>Map*</c> call, so LOGIN009 knows the method is a handler.
    /// </summary>
    /// <param name="firstReport">Whether a LOGIN007 for this parameter is reported for the first time: a method group mapped twice is reported once.</param>
    /// <param name="firstUnreachableReport">The same for LOGIN015.</param>
    public static string? Check(
        IInvocationOperation operation,
        KnownTypes known,
        bool requestDelegateGenerator,
        Func<IParameterSymbol, bool> firstReport,
        Func<IParameterSymbol, bool> firstUnreachableReport,
        Action<Diagnostic> report,
        CancellationToken cancellationToken)
    {
        if (!MapCallParser.IsMapCall(operation.Syntax) || MapCallParser.HandlerArgument(operation, known) is not { } handlerArgument)
        {
            return null;
        }

        var invocation = (InvocationExpressionSyntax)operation.Syntax;
        var handler = MapCallParser.HandlerOf(handlerArgument.Value);
        var handlerMethod = handler is { MethodKind: not MethodKind.AnonymousFunction } ? handler.ToHandlerKey() : null;

        // Weaving, LOGIN007 and LOGIN010 are about ASP.NET Core's own Map* methods; a user's helper passes its handler on to one.
        if (!operation.TargetMethod.ContainingType.Is(known.EndpointRouteBuilderExtensions) || operation.SemanticModel is not { } semanticModel)
        {
            return handlerMethod;
        }

        var mapName = ((MemberAccessExpressionSyntax)invocation.Expression).Name.Identifier;
        var weavable = MapCallParser.IsWovenMethod(mapName.ValueText) && invocation.ArgumentList.Arguments.Count >= 2;
        if (handler is null)
        {
            // A delegate value: only its runtime metadata can tell whether it is marked. Passing the lambda directly does
            // not help when the Request Delegate Generator owns the call, so that is suggested only without it.
            if (NotWovenValue(handlerArgument, semanticModel, known, cancellationToken) is { } value)
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    handlerArgument.Syntax.GetLocation(),
                    $"The handler '{value}' is passed to {mapName.ValueText} as a delegate value, not as a lambda or method group",
                    weavable && !requestDelegateGenerator
                        ? $", or pass the lambda or method to {mapName.ValueText} directly so the guard is woven at compile time"
                        : ""));
            }
        }
        else if (GuardAttribute.Of(handler, known) is { } guard)
        {
            UserTypeChecks.CheckParameters(handler, UserTypeChecks.GuardsOf(handler, known), known, firstUnreachableReport, report, cancellationToken);
            if (GroupAllowingAnonymous(operation, semanticModel, cancellationToken) is { } allowAnonymous)
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.RequirementOverriddenByGroup, mapName.GetLocation(), guard.Display, allowAnonymous.ToString()));
            }

            if (!weavable || semanticModel.GetInterceptableLocation(invocation, cancellationToken) is null)
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    mapName.GetLocation(),
                    weavable
                        ? $"This {mapName.ValueText} call cannot be intercepted"
                        : $"{mapName.ValueText} is not one of the calls Login intercepts (MapGet, MapPost, MapPut, MapDelete, MapPatch, MapMethods, Map)",
                    ""));
            }
            else if (requestDelegateGenerator)
            {
                // The generator steps aside (two interceptors for one call is error CS9153).
                report(Diagnostic.Create(
                    DiagnosticDescriptors.GuardEnforcedAtRuntime,
                    mapName.GetLocation(),
                    $"ASP.NET Core's Request Delegate Generator (EnableRequestDelegateGenerator=true) intercepts this {mapName.ValueText} call",
                    ""));
            }
        }
        else if (weavable && !IsGuardedElsewhere(invocation, operation, handler, known))
        {
            ReportUnguardedUserParameters(handler, known, firstReport, report, cancellationToken);
        }

        return handlerMethod;
    }

    /// <summary>
    /// For LOGIN010: the handler argument as written, unless it is null or visibly unmarked: a local whose initializer is
    /// a lambda or method group without <c>[LoginRequired]</c> has no guard to enforce at all.
    /// </summary>
    private static string? NotWovenValue(IArgumentOperation argument, SemanticModel semanticModel, KnownTypes known, CancellationToken cancellationToken)
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
            && MapCallParser.HandlerOf(initial) is { } initialHandler
            && MapCallParser.RequirementOf(initialHandler, known) is null)
        {
            return null;
        }

        var syntax = argument.Syntax is ArgumentSyntax written ? written.Expression : argument.Syntax;
        return syntax.ToString();
    }

    /// <summary>
    /// Whether an unmarked handler may still be guarded by something this call cannot show: a route group (which often
    /// carries <c>RequireLogin()</c>), an <c>IEndpointRouteBuilder</c> that may be one, a <c>RequireLogin()</c> or
    /// <c>RequireAuthorization()</c> chained to the call, or an <c>[Authorize]</c> on the handler.
    /// </summary>
    private static bool IsGuardedElsewhere(InvocationExpressionSyntax invocation, IInvocationOperation operation, IMethodSymbol handler, KnownTypes known)
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

            if (receiver.Type is null || receiver.Type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter || receiver.Type.Is(known.RouteGroupBuilder))
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
                if (implemented.Is(known.IAuthorizeData))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>LOGIN007 for each parameter of the <c>[LoginUser]</c> type that parameter binding would require, at the parameter.</summary>
    private static void ReportUnguardedUserParameters(
        IMethodSymbol handler, KnownTypes known, Func<IParameterSymbol, bool> firstReport, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var parameter in handler.Parameters)
        {
            // Oblivious (#nullable disable) and defaulted parameters are optional to ASP.NET Core; a [From*] source is not ours.
            if (parameter.Type is not INamedTypeSymbol type
                || parameter.NullableAnnotation != NullableAnnotation.NotAnnotated
                || parameter.HasExplicitDefaultValue
                || !type.HasAttribute(known.LoginUserAttribute)
                || HasBindingSource(parameter)
                || parameter.DeclaringSyntaxReferences.Length == 0
                || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax syntax
                || !firstReport(parameter))
            {
                continue;
            }

            var span = TextSpan.FromBounds(syntax.Type?.SpanStart ?? syntax.Identifier.SpanStart, syntax.Identifier.Span.End);
            report(Diagnostic.Create(
                DiagnosticDescriptors.UserParameterOnUnguardedHandler,
                Location.Create(syntax.SyntaxTree, span),
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

    /// <summary>
    /// For LOGIN012: the <c>AllowAnonymous()</c> call that opens the route group this <c>Map*</c> call maps on, if the
    /// code shows one: chained on the group (<c>app.MapGroup("/x").AllowAnonymous().MapGet(...)</c>), in the initializer
    /// of the local the group lives in, called on that local anywhere in the same body, or on an enclosing group the same
    /// ways. A group that comes from a parameter or a method call is not followed.
    /// </summary>
    private static InvocationExpressionSyntax? GroupAllowingAnonymous(IInvocationOperation operation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var receiver = ReceiverOf(operation);
        for (var depth = 0; receiver is not null && depth < 16; depth++)
        {
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            switch (receiver)
            {
                case IInvocationOperation call when IsAllowAnonymous(call.TargetMethod):
                    return call.Syntax as InvocationExpressionSyntax;
                case IInvocationOperation call:
                    receiver = ReceiverOf(call); // MapGroup, WithTags, RequireCors, ...: the builder they were called on
                    break;
                case ILocalReferenceOperation local:
                    if (AllowAnonymousCalledOn(local.Local, semanticModel, cancellationToken) is { } called)
                    {
                        return called;
                    }

                    receiver = local.Local.DeclaringSyntaxReferences.Length == 1
                        && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                        && initializer.SyntaxTree == semanticModel.SyntaxTree
                            ? semanticModel.GetOperation(initializer, cancellationToken)
                            : null;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static IOperation? ReceiverOf(IInvocationOperation call)
    {
        if (call.Instance is { } instance)
        {
            return instance;
        }

        if (call.TargetMethod.IsExtensionMethod)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value;
                }
            }
        }

        return null;
    }

    /// <summary>An <c>AllowAnonymous()</c> statement on <paramref name="local"/> in the body that declares it, if any.</summary>
    private static InvocationExpressionSyntax? AllowAnonymousCalledOn(ILocalSymbol local, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not { } declaration
            || declaration.SyntaxTree != semanticModel.SyntaxTree)
        {
            return null;
        }

        SyntaxNode body = declaration;
        while (body.Parent is { } parent && body is not (BlockSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax } or CompilationUnitSyntax))
        {
            body = parent;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowAnonymous", Expression: IdentifierNameSyntax target } } invocation
                && target.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(target, cancellationToken).Symbol, local)
                && semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && IsAllowAnonymous(method))
            {
                return invocation;
            }
        }

        return null;
    }

    private static bool IsAllowAnonymous(IMethodSymbol method) =>
        method.Name == "AllowAnonymous"
        && method.ContainingType?.ToDisplayString() == "Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions";
}
