using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads which <c>Map*</c> method a call with a marked lambda binds to without binding the call. Binding the call means
/// overload resolution, and overload resolution binds the lambda's body (its return type decides whether it converts),
/// for every candidate on every compilation; weaving a guard needs none of that: only the handler's attributes, the
/// receiver's type and the method's overloads. So this binds the attributes and the receiver on their own, looks the
/// name up on the receiver's type, and picks the overload from the lambda's parameter list. Whenever that reading cannot
/// be sure it is the compiler's (an instance method or another extension of the same name, a lambda that could be a
/// <c>RequestDelegate</c>, named arguments, a handler that is not a lambda), it answers <see cref="Reading.Undecided"/>
/// and the caller binds the call.
/// </summary>
internal static class MapCallLookup
{
    public enum Reading
    {
        /// <summary>The handler carries neither <c>[LoginRequired]</c> nor <c>[FreshLoginRequired]</c>: no guard, whatever the method.</summary>
        NotMarked,

        /// <summary>The call binds to <see cref="Result.Method"/>, one of ASP.NET Core's <c>Map*</c> methods, and its handler is marked.</summary>
        Marked,

        /// <summary>Only binding the call can tell.</summary>
        Undecided,
    }

    public readonly struct Result(Reading reading, IMethodSymbol? method = null, string? requirement = null)
    {
        public Reading Reading { get; } = reading;

        public IMethodSymbol? Method { get; } = method;

        public string? Requirement { get; } = requirement;
    }

    private static readonly Result Undecided = new(Reading.Undecided);
    private static readonly Result NotMarked = new(Reading.NotMarked);

    // The extension methods a name finds on a type depend only on the imports in scope, which are the same everywhere in a
    // namespace declaration (or a file, outside any): looked up once per compilation for each of those, not for every call.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<(SyntaxNode Scope, ITypeSymbol Receiver, string Name), ImmutableArray<ISymbol>>> ExtensionLookups = new();

    /// <summary>
    /// Reads a call <see cref="MapCallParser.IsWeavingCandidate"/> let through: <c>receiver.MapX(…)</c> with at least two
    /// arguments and no unmarked lambda among them.
    /// </summary>
    public static Result Read(SemanticModel model, InvocationExpressionSyntax invocation, KnownTypes known, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access
            || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
        {
            return Undecided;
        }

        // Positional arguments only, so the last argument is the last parameter, which is the handler in every Map* method
        // Login intercepts.
        var arguments = invocation.ArgumentList.Arguments;
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return Undecided;
            }
        }

        // A lambda written as the argument itself; a method group or a delegate value binds without binding any body.
        if (arguments[arguments.Count - 1].Expression is not ParenthesizedLambdaExpressionSyntax lambda)
        {
            return Undecided;
        }

        var position = invocation.SpanStart;
        var requirement = RequirementOf(model, position, lambda, known);
        if (requirement is null)
        {
            // Not ours to weave, whichever method the call binds to.
            return NotMarked;
        }

        if (RequestDelegateHandler(model, position, lambda, known, cancellationToken) is not { } requestDelegateHandler)
        {
            return Undecided;
        }

        if (ReceiverType(model, position, access.Expression) is not { } receiverType
            || HasInstanceMember(receiverType, name.Identifier.ValueText)
            || known.EndpointRouteBuilderExtensions is not { } extensions)
        {
            return Undecided;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Every extension method of this name the call could bind to. Any that is not ASP.NET Core's (the user's own or a
        // library's, which might be in a closer scope or a better match) leaves the choice to the compiler.
        var candidates = ExtensionMethods(model, invocation, receiverType, name.Identifier.ValueText);

        IMethodSymbol? first = null;
        IMethodSymbol? second = null;
        foreach (var candidate in candidates)
        {
            if (candidate is not IMethodSymbol { ReducedFrom: { } unreduced } method
                || !SymbolEqualityComparer.Default.Equals(unreduced.ContainingType, extensions))
            {
                return Undecided;
            }

            if (method.Parameters.Length == arguments.Count && IsHandlerParameter(method.Parameters[method.Parameters.Length - 1].Type, requestDelegateHandler, known))
            {
                if (first is null)
                {
                    first = method;
                }
                else if (second is null)
                {
                    second = method;
                }
                else
                {
                    return Undecided;
                }
            }
        }

        // One overload takes this many arguments and this kind of handler: the call binds to it, or does not compile. Two
        // differ only in the pattern, Map(string, …) and Map(RoutePattern, …): the pattern's own type decides.
        var chosen = second is null ? first
            : PatternIs(model, position, arguments[0].Expression, first!.Parameters[0].Type) ? first
            : PatternIs(model, position, arguments[0].Expression, second.Parameters[0].Type) ? second
            : null;
        return chosen is null ? Undecided : new Result(Reading.Marked, chosen.ReducedFrom ?? chosen, requirement);
    }

    /// <summary>
    /// "FreshLogin" or "Login" when one of the lambda's attributes is <c>[FreshLoginRequired]</c> or <c>[LoginRequired]</c> (or
    /// derives from one), else <c>null</c>: each attribute bound on its own, as the attribute it names.
    /// </summary>
    private static string? RequirementOf(SemanticModel model, int position, ParenthesizedLambdaExpressionSyntax lambda, KnownTypes known)
    {
        string? requirement = null;
        foreach (var list in lambda.AttributeLists)
        {
            // [return: …] attributes are the return value's, not the handler's; [method: …] is the handler's, as is no target.
            if (list.Target is { } target && !target.Identifier.IsKind(SyntaxKind.MethodKeyword))
            {
                continue;
            }

            foreach (var attribute in list.Attributes)
            {
                var info = model.GetSpeculativeSymbolInfo(position, attribute);
                var constructor = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                for (var type = constructor?.ContainingType; type is not null; type = type.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, known.FreshLoginRequiredAttribute))
                    {
                        return "FreshLogin";
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, known.LoginRequiredAttribute))
                    {
                        requirement = "Login";
                        break;
                    }
                }
            }
        }

        return requirement;
    }

    /// <summary>
    /// Whether the lambda binds to a <c>RequestDelegate</c> parameter rather than a <c>Delegate</c> one: never with other
    /// than one parameter, or with one whose declared type is not <c>HttpContext</c>. <c>null</c> when only its body can
    /// tell (one <c>HttpContext</c> parameter: it converts when it returns a <c>Task</c>), or when a parameter has no
    /// declared type (then the lambda has no natural type, and the compiler's answer is an error).
    /// </summary>
    private static bool? RequestDelegateHandler(SemanticModel model, int position, ParenthesizedLambdaExpressionSyntax lambda, KnownTypes known, CancellationToken cancellationToken)
    {
        var parameters = lambda.ParameterList.Parameters;
        foreach (var parameter in parameters)
        {
            if (parameter.Type is null)
            {
                return null;
            }
        }

        if (parameters.Count != 1)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var type = model.GetSpeculativeTypeInfo(position, parameters[0].Type!, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        return type is null or IErrorTypeSymbol || SymbolEqualityComparer.Default.Equals(type, known.HttpContext) ? null : false;
    }

    /// <summary>
    /// The type of a receiver that names a local, a parameter, a field or a property, found by looking the name up where
    /// the call is. Binding the receiver as an expression, even on its own, would have the compiler analyse the nullability
    /// of the whole method it is in first, which costs as much as binding the call.
    /// </summary>
    private static ITypeSymbol? ReceiverType(SemanticModel model, int position, ExpressionSyntax receiver)
    {
        if (receiver is not IdentifierNameSyntax identifier)
        {
            return null;
        }

        var symbols = model.LookupSymbols(position, name: identifier.Identifier.ValueText);
        var type = symbols.Length != 1 ? null : symbols[0] switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        // A type parameter, dynamic, or a type the compiler could not find: only binding can tell what the call does.
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } and not IErrorTypeSymbol ? type : null;
    }

    /// <summary>Whether the type, a base type or an interface has a member of this name, which a call would try before any extension method.</summary>
    private static bool HasInstanceMember(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (!implemented.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<ISymbol> ExtensionMethods(SemanticModel model, InvocationExpressionSyntax invocation, ITypeSymbol receiverType, string name)
    {
        SyntaxNode scope = invocation.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() ?? (SyntaxNode)invocation.SyntaxTree.GetRoot();
        var lookups = ExtensionLookups.GetValue(model.Compilation, static _ => new ConcurrentDictionary<(SyntaxNode, ITypeSymbol, string), ImmutableArray<ISymbol>>(ScopeComparer.Instance));
        var key = (scope, receiverType, name);
        if (!lookups.TryGetValue(key, out var candidates))
        {
            candidates = model.LookupSymbols(invocation.SpanStart, receiverType, name, includeReducedExtensionMethods: true);
            lookups.TryAdd(key, candidates);
        }

        return candidates;
    }

    private static bool IsHandlerParameter(ITypeSymbol type, bool requestDelegate, KnownTypes known) =>
        requestDelegate ? SymbolEqualityComparer.Default.Equals(type, known.RequestDelegate) : type.SpecialType == SpecialType.System_Delegate;

    /// <summary>Whether the pattern argument has exactly this type (string or RoutePattern), bound on its own unless it is a string literal.</summary>
    private static bool PatternIs(SemanticModel model, int position, ExpressionSyntax pattern, ITypeSymbol type)
    {
        if (pattern.IsKind(SyntaxKind.StringLiteralExpression) || pattern is InterpolatedStringExpressionSyntax)
        {
            return type.SpecialType == SpecialType.System_String;
        }

        var patternType = model.GetSpeculativeTypeInfo(position, pattern, SpeculativeBindingOption.BindAsExpression).Type;
        return patternType is not null && SymbolEqualityComparer.Default.Equals(patternType, type);
    }

    /// <summary>Scopes by reference, receiver types by symbol identity (nullable annotations do not change what a name finds), names by ordinal.</summary>
    private sealed class ScopeComparer : IEqualityComparer<(SyntaxNode Scope, ITypeSymbol Receiver, string Name)>
    {
        public static readonly ScopeComparer Instance = new();

        public bool Equals((SyntaxNode Scope, ITypeSymbol Receiver, string Name) x, (SyntaxNode Scope, ITypeSymbol Receiver, string Name) y) =>
            ReferenceEquals(x.Scope, y.Scope) && SymbolEqualityComparer.Default.Equals(x.Receiver, y.Receiver) && string.Equals(x.Name, y.Name, System.StringComparison.Ordinal);

        public int GetHashCode((SyntaxNode Scope, ITypeSymbol Receiver, string Name) key) =>
            (RuntimeHelpers.GetHashCode(key.Scope) * 31 + SymbolEqualityComparer.Default.GetHashCode(key.Receiver)) * 31 + key.Name.GetHashCode();
    }
}
