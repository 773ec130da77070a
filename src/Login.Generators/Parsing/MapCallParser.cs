using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads <c>Map*</c> calls: a cheap syntactic test on the method name first, then the operation tree to confirm the
/// target and read the handler. The generator weaves a guard into the calls whose handler carries
/// <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c>; the analyzer checks every call (<c>MapCallChecks</c>) with the
/// same reading of which argument is the handler and whether it is marked.
/// </summary>
internal static class MapCallParser
{
    /// <summary>
    /// Any <c>Map…</c> call that can take a handler, as the analyzer looks at them: a method group passed to
    /// <c>MapFallback</c> or to the user's own <c>Map…</c> helper is a handler too, as far as LOGIN009 is concerned.
    /// A handler comes after a pattern, except in <c>MapFallback(handler)</c>; that keeps <c>mapper.Map&lt;T&gt;(x)</c> out.
    /// </summary>
    public static bool IsMapCall(SyntaxNode node) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name },
            ArgumentList.Arguments.Count: var count,
        }
        && name.StartsWith("Map", StringComparison.Ordinal)
        && (count >= 2 || (count == 1 && name == "MapFallback"));

    /// <summary>
    /// The calls the generator may weave a guard into: one of the intercepted <c>Map*</c> methods, with no unmarked
    /// lambda among its arguments. Every other call is decided here, without binding, which matters because the
    /// transform that binds a call re-runs for every call this accepts whenever the compilation changes. An attribute
    /// can only be written on a parenthesized lambda, and the only delegate parameter of ASP.NET Core's <c>Map*</c>
    /// methods is the handler, so a lambda argument without an attribute list is an unmarked handler. Method groups and
    /// delegate values look alike without binding, so those calls stay candidates.
    /// </summary>
    public static bool IsWeavingCandidate(SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name },
                ArgumentList.Arguments: { Count: >= 2 } arguments,
            }
            || !IsWovenMethod(name))
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (argument.Expression is LambdaExpressionSyntax { AttributeLists.Count: 0 } or AnonymousMethodExpressionSyntax)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The generator's transform: the call to weave a guard into, or <c>null</c> when its handler is not marked or it
    /// cannot be intercepted. A call whose handler is a lambda or a method group is read without binding it
    /// (<see cref="MapCallLookup"/>); what that reading cannot decide, and every other handler, is bound.
    /// </summary>
    public static GuardedCallModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context.SemanticModel, (InvocationExpressionSyntax)context.Node, cancellationToken);

    /// <inheritdoc cref="Parse(GeneratorSyntaxContext, CancellationToken)"/>
    public static GuardedCallModel? Parse(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var known = KnownTypes.For(model.Compilation);
        var reading = MapCallLookup.Read(model, invocation, known, cancellationToken);
        return reading.Reading switch
        {
            MapCallLookup.Reading.Marked => Guard(model, invocation, reading.Method!, reading.Requirement!, cancellationToken),
            MapCallLookup.Reading.NotMarked => null,
            _ => ParseByBinding(model, invocation, known, cancellationToken),
        };
    }

    /// <summary>The same answer as <see cref="Parse"/>, from the bound call: what the compiler itself decided.</summary>
    public static GuardedCallModel? ParseByBinding(SemanticModel model, InvocationExpressionSyntax invocation, KnownTypes known, CancellationToken cancellationToken)
    {
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || !operation.TargetMethod.ContainingType.Is(known.EndpointRouteBuilderExtensions)
            || HandlerArgument(operation, known) is not { } handlerArgument
            || RequirementOf(HandlerOf(handlerArgument.Value), known) is not { } requirement)
        {
            return null;
        }

        return Guard(model, invocation, operation.TargetMethod, requirement, cancellationToken);
    }

    /// <summary>The argument passed as the handler: the one whose parameter is a <c>Delegate</c> or <c>RequestDelegate</c>.</summary>
    public static IArgumentOperation? HandlerArgument(IInvocationOperation operation, KnownTypes known)
    {
        IArgumentOperation? handlerArgument = null;
        foreach (var argument in operation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is not null && (parameterType.SpecialType == SpecialType.System_Delegate || parameterType.Is(known.RequestDelegate)))
            {
                handlerArgument = argument;
            }
        }

        return handlerArgument;
    }

    /// <summary>Whether Login intercepts calls to the <c>Map*</c> method of this name (when it has a handler to guard).</summary>
    public static bool IsWovenMethod(string name) =>
        name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map";

    private static GuardedCallModel? Guard(SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol method, string requirement, CancellationToken cancellationToken)
    {
        if (model.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
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
    public static IMethodSymbol? HandlerOf(IOperation value)
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
    /// "FreshLogin" or "Login" when the handler carries a guard attribute (<see cref="GuardAttribute"/>: the generic
    /// forms and attributes deriving from one too), else <c>null</c>.
    /// </summary>
    public static string? RequirementOf(IMethodSymbol? handler, KnownTypes known) => GuardAttribute.RequirementOf(handler, known);
}
