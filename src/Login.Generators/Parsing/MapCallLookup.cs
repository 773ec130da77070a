using System.Collections.Concurrent;
using System.Linq;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads which <c>Map*</c> method a call with a marked handler binds to without binding the call. Binding the call means
/// overload resolution, and overload resolution binds a lambda's body (its return type decides whether it converts),
/// for every candidate on every compilation; weaving a guard needs none of that: only the handler's attributes, the
/// receiver's type and the method's overloads. So this binds the attributes on their own, finds the receiver's type by
/// looking names up (a local, parameter, field or property, or a chain of ASP.NET Core's methods on one, such as
/// <c>app.MapGroup("/x")</c>, whose return types say what it is), looks the method's name up on that type, and picks the
/// overload from the arguments' names and the handler's parameter list. A handler is a lambda written as the argument or
/// a method group naming one method (<c>Handlers.Get</c>, <c>Get</c>), whose symbol gives its attributes and signature.
/// Whenever that reading cannot be sure it is the compiler's (an instance method or another extension of the same name,
/// a lambda of one <c>HttpContext</c> whose body alone says whether it is a <c>RequestDelegate</c>, a method group of
/// several methods or of an instance method, a receiver that is not a name or such a chain), it answers
/// <see cref="Reading.Undecided"/> and the caller binds the call.
/// </summary>
internal static class MapCallLookup
{
    public enum Reading
    {
        /// <summary>The handler carries neither <c>[LoginRequired]</c> nor <c>[FreshLoginRequired]</c>: no guard, whatever the method.</summary>
        NotMarked,

        /// <summary>The call binds to <see cref="Result.Method"/>, one of ASP.NET Core's <c>Map*</c> methods, and its handler is marked.</summary>
        Marked,

        /// <summary>Only binding can tell.</summary>
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

    // How long a chain of calls a receiver may be (app.MapGroup("/a").MapGroup("/b").RequireAuthorization()...).
    private const int LongestChain = 8;

    // The public key token ASP.NET Core's assemblies are signed with: a chain's methods are trusted to be ASP.NET Core's
    // by it and the assembly's name, not by the name alone.
    private static readonly byte[] AspNetCoreKeyToken = [0xad, 0xb9, 0x79, 0x38, 0x29, 0xdd, 0xae, 0x60];

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

        // The handler is the last parameter of every Map* method Login intercepts, named "handler" (a Delegate) or
        // "requestDelegate": the argument of that name, or else the last one (positional arguments after a named one must
        // be in position, and none of these methods has an optional parameter, so a call binding to one passes its
        // handler last). Whether the call does bind to one is decided below.
        var arguments = invocation.ArgumentList.Arguments;
        var handlerIndex = arguments.Count - 1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!arguments[i].RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return Undecided;
            }

            if (arguments[i].NameColon?.Name.Identifier.ValueText is "handler" or "requestDelegate")
            {
                handlerIndex = i;
            }
        }

        var position = invocation.SpanStart;
        var handler = MapHandler.Read(model, position, arguments[handlerIndex].Expression, known, cancellationToken);
        if (!handler.Readable)
        {
            return Undecided;
        }

        if (handler.Requirement is null)
        {
            // Not ours to weave, whichever method the call binds to.
            return NotMarked;
        }

        if (known.EndpointRouteBuilderExtensions is not { } extensions
            || ReceiverType(model, invocation, invocation.SpanStart, access.Expression, depth: 0) is not { } receiverType
            || HasInstanceMember(receiverType, name.Identifier.ValueText))
        {
            return Undecided;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Every extension method of this name the call could bind to. Any that is not ASP.NET Core's Map* (the user's own
        // or a library's, which might be in a closer scope or a better match) leaves the choice to the compiler, except
        // IApplicationBuilder's Map(path, configuration), which a WebApplication has too, when the handler cannot be its
        // Action<IApplicationBuilder>.
        var candidates = ExtensionMethods(model, invocation, receiverType, name.Identifier.ValueText);
        List<IMethodSymbol>? applicable = null;
        foreach (var candidate in candidates)
        {
            if (candidate is not IMethodSymbol { ReducedFrom: { } unreduced } method)
            {
                return Undecided;
            }

            if (SymbolEqualityComparer.Default.Equals(unreduced.ContainingType, extensions))
            {
                switch (Accepts(method, arguments, handlerIndex, handler, known))
                {
                    case Fit.Yes:
                        (applicable ??= new List<IMethodSymbol>(4)).Add(method);
                        break;
                    case Fit.Unknown:
                        return Undecided;
                }
            }
            else if (handler.MayBeBranch || !SymbolEqualityComparer.Default.Equals(unreduced.ContainingType, known.MapExtensions))
            {
                return Undecided;
            }
        }

        if (applicable is null)
        {
            return Undecided;
        }

        // Overloads that differ in the pattern, Map(string, …) and Map(RoutePattern, …): the pattern's own type decides.
        if (applicable.Count > 1)
        {
            if (PatternArgument(arguments) is not { } pattern)
            {
                return Undecided;
            }

            applicable.RemoveAll(method => !PatternIs(model, position, pattern, method.Parameters[0].Type));
        }

        // Overloads that differ in the handler, Delegate and RequestDelegate, both taking it: converting to a delegate
        // type is better than converting to System.Delegate, so the RequestDelegate one wins.
        if (applicable.Count > 1 && handler.ToRequestDelegate == true)
        {
            applicable.RemoveAll(method => !SymbolEqualityComparer.Default.Equals(method.Parameters[method.Parameters.Length - 1].Type, known.RequestDelegate));
        }

        // One overload takes these arguments and this kind of handler: the call binds to it, or does not compile.
        return applicable.Count == 1 ? new Result(Reading.Marked, applicable[0].ReducedFrom ?? applicable[0], handler.Requirement) : Undecided;
    }

    private enum Fit
    {
        No,
        Yes,
        Unknown,
    }

    /// <summary>
    /// Whether a Map* overload (reduced: its parameters are the call's arguments) takes these arguments: each named one
    /// names a parameter, each positional one is in position, every parameter gets one, the handler is the last, and the
    /// handler converts to its type (<see cref="Fit.Unknown"/> when only the handler's body can tell).
    /// </summary>
    private static Fit Accepts(IMethodSymbol method, SeparatedSyntaxList<ArgumentSyntax> arguments, int handlerIndex, MapHandler handler, KnownTypes known)
    {
        var parameters = method.Parameters;
        if (arguments.Count > parameters.Length || parameters.Length > 31)
        {
            return Fit.No;
        }

        var used = 0;
        var outOfPosition = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            int parameter;
            if (arguments[i].NameColon is { } nameColon)
            {
                parameter = IndexOf(parameters, nameColon.Name.Identifier.ValueText);
                if (parameter < 0)
                {
                    return Fit.No;
                }

                outOfPosition |= parameter != i;
            }
            else if (outOfPosition)
            {
                return Fit.No;
            }
            else
            {
                parameter = i;
            }

            if ((used & (1 << parameter)) != 0 || (i == handlerIndex) != (parameter == parameters.Length - 1))
            {
                return Fit.No;
            }

            used |= 1 << parameter;
        }

        for (var parameter = 0; parameter < parameters.Length; parameter++)
        {
            if ((used & (1 << parameter)) == 0 && !parameters[parameter].IsOptional)
            {
                return Fit.No;
            }
        }

        var handlerType = parameters[parameters.Length - 1].Type;
        if (handlerType.SpecialType == SpecialType.System_Delegate)
        {
            return Fit.Yes;
        }

        if (!SymbolEqualityComparer.Default.Equals(handlerType, known.RequestDelegate))
        {
            return Fit.No;
        }

        return handler.ToRequestDelegate switch
        {
            true => Fit.Yes,
            false => Fit.No,
            null => Fit.Unknown,
        };
    }

    private static int IndexOf(ImmutableArray<IParameterSymbol> parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The argument passed as the pattern, the first parameter of every Map* method: named so, or first and not named.</summary>
    private static ExpressionSyntax? PatternArgument(SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == "pattern")
            {
                return argument.Expression;
            }
        }

        return arguments[0].NameColon is null ? arguments[0].Expression : null;
    }

    /// <summary>
    /// The type of a receiver that names a local, a parameter, a field or a property, found by looking the name up where
    /// the call is, or that calls ASP.NET Core's extension methods on one (<c>app.MapGroup("/x")</c>,
    /// <c>app.MapGroup("/x").RequireAuthorization()</c>): the type every method of that name returns, whichever overload
    /// the call binds to. Binding the receiver as an expression, even on its own, would have the compiler analyse the
    /// nullability of the whole method it is in first, which costs as much as binding the call.
    /// </summary>
    private static ITypeSymbol? ReceiverType(SemanticModel model, InvocationExpressionSyntax call, int position, ExpressionSyntax receiver, int depth)
    {
        ITypeSymbol? type;
        if (receiver is IdentifierNameSyntax identifier)
        {
            type = DeclaredType(model, call, receiver, identifier.Identifier.ValueText, depth);
            if (type is null)
            {
                var symbols = model.LookupSymbols(position, name: identifier.Identifier.ValueText);
                type = symbols.Length != 1 ? null : symbols[0] switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
            }
        }
        else if (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access } chained
            && access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            && depth < LongestChain)
        {
            var method = name.Identifier.ValueText;
            var arguments = chained.ArgumentList.Arguments.Count;
            if (ReceiverType(model, call, position, access.Expression, depth + 1) is not { } inner)
            {
                // WebApplication.CreateBuilder(args): a static method of a type.
                type = MapHandler.NamespaceOrType(model, position, access.Expression, depth + 1) is INamedTypeSymbol staticType
                    ? SameReturnType(staticType, method, arguments, isStatic: true)
                    : null;
            }
            else if (HasInstanceMember(inner, method))
            {
                // builder.Build(): an instance method, which a call tries before any extension method.
                type = SameReturnType(inner, method, arguments, isStatic: false);
            }
            else
            {
                type = ChainedType(model, call, inner, method);
            }
        }
        else
        {
            type = null;
        }

        // A type parameter, dynamic, or a type the compiler could not find: only binding can tell what the call does.
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } and not IErrorTypeSymbol ? type : null;
    }

    /// <summary>
    /// The type of a local or parameter found by reading the syntax around the call: a local declared by a statement of
    /// an enclosing block before the call (<c>var group = app.MapGroup("/x");</c>, read like a receiver where it is
    /// declared, or with its type written out), or a parameter of the enclosing method. Asking the semantic model to look a
    /// local up costs milliseconds a call (it binds the method around it); C# forbids a nested declaration of a name a
    /// method already uses, so the first one found walking out is the one. Lambdas and local functions may shadow a name in
    /// ways this does not follow: crossing one, or finding nothing, answers <c>null</c>, and the caller looks the name up.
    /// </summary>
    private static ITypeSymbol? DeclaredType(SemanticModel model, InvocationExpressionSyntax call, SyntaxNode from, string name, int depth)
    {
        for (var node = from.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BlockSyntax block:
                    if (DeclaredBefore(block.Statements, name, from.SpanStart) is { } declaration)
                    {
                        return TypeOf(model, call, declaration, depth);
                    }

                    break;
                case SwitchSectionSyntax section:
                    if (DeclaredBefore(section.Statements, name, from.SpanStart) is { } inSection)
                    {
                        return TypeOf(model, call, inSection, depth);
                    }

                    break;
                case CompilationUnitSyntax unit:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax statement }
                            && statement.Span.End <= from.SpanStart
                            && Declares(statement.Declaration, name) is { } topLevel)
                        {
                            return TypeOf(model, call, topLevel, depth);
                        }
                    }

                    return null;
                case BaseMethodDeclarationSyntax method:
                    foreach (var parameter in method.ParameterList.Parameters)
                    {
                        if (parameter.Identifier.ValueText == name && parameter.Type is { } parameterType
                            && parameter.Modifiers.All(modifier => modifier.IsKind(SyntaxKind.ThisKeyword)))
                        {
                            return model.GetSpeculativeTypeInfo(from.SpanStart, parameterType, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
                        }
                    }

                    return null;
                case GlobalStatementSyntax:
                    break;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static VariableDeclaratorSyntax? DeclaredBefore(SyntaxList<StatementSyntax> statements, string name, int position)
    {
        foreach (var statement in statements)
        {
            if (statement.Span.End > position)
            {
                break;
            }

            if (statement is LocalDeclarationStatementSyntax local && Declares(local.Declaration, name) is { } declarator)
            {
                return declarator;
            }
        }

        return null;
    }

    private static VariableDeclaratorSyntax? Declares(VariableDeclarationSyntax declaration, string name)
    {
        foreach (var declarator in declaration.Variables)
        {
            if (declarator.Identifier.ValueText == name)
            {
                return declarator;
            }
        }

        return null;
    }

    /// <summary>A declared local's type: its initializer's, read like a receiver, for <c>var</c>; else the type written out.</summary>
    private static ITypeSymbol? TypeOf(SemanticModel model, InvocationExpressionSyntax call, VariableDeclaratorSyntax declarator, int depth)
    {
        if (declarator.Parent is not VariableDeclarationSyntax declaration || declaration.Type is RefTypeSyntax || depth >= LongestChain)
        {
            return null;
        }

        if (!declaration.Type.IsVar)
        {
            return model.GetSpeculativeTypeInfo(declarator.SpanStart, declaration.Type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        }

        return declarator.Initializer?.Value is { } initializer
            ? ReceiverType(model, call, initializer.SpanStart, initializer, depth + 1)
            : null;
    }

    /// <summary>What every method of this name of a type (static or instance ones), taking this many arguments, returns, when they agree.</summary>
    private static ITypeSymbol? SameReturnType(ITypeSymbol type, string name, int arguments, bool isStatic)
    {
        ITypeSymbol? returned = null;
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is not IMethodSymbol { IsGenericMethod: false } method || method.IsStatic != isStatic)
                {
                    return null;
                }

                if (method.Parameters.Length != arguments || method.Parameters.Any(p => p.IsOptional || p.IsParams))
                {
                    continue;
                }

                if (returned is not null && !SymbolEqualityComparer.Default.Equals(returned, method.ReturnType))
                {
                    return null;
                }

                returned = method.ReturnType;
            }
        }

        return returned;
    }

    /// <summary>
    /// What a call of ASP.NET Core's extension method of this name on a receiver of this type returns, when all of them
    /// (every overload the name finds in scope) return the same: a type, or the receiver's own
    /// (<c>TBuilder RequireAuthorization&lt;TBuilder&gt;(this TBuilder builder)</c>). Any method of another assembly: <c>null</c>.
    /// </summary>
    private static ITypeSymbol? ChainedType(SemanticModel model, InvocationExpressionSyntax call, ITypeSymbol receiverType, string name)
    {
        ITypeSymbol? returned = null;
        foreach (var candidate in ExtensionMethods(model, call, receiverType, name))
        {
            if (candidate is not IMethodSymbol { ReducedFrom: { } unreduced } || !IsAspNetCore(unreduced.ContainingAssembly))
            {
                return null;
            }

            ITypeSymbol type;
            if (!unreduced.IsGenericMethod)
            {
                type = unreduced.ReturnType;
            }
            else if (unreduced.ReturnType is ITypeParameterSymbol parameter
                && unreduced.TypeParameters.Length == 1
                && SymbolEqualityComparer.Default.Equals(unreduced.Parameters[0].Type, parameter))
            {
                type = receiverType;
            }
            else
            {
                return null;
            }

            if (returned is not null && !SymbolEqualityComparer.Default.Equals(returned, type))
            {
                return null;
            }

            returned = type;
        }

        return returned;
    }

    private static bool IsAspNetCore(IAssemblySymbol assembly)
    {
        var identity = assembly.Identity;
        if (!identity.Name.StartsWith("Microsoft.AspNetCore.", System.StringComparison.Ordinal) || identity.PublicKeyToken.Length != AspNetCoreKeyToken.Length)
        {
            return false;
        }

        for (var i = 0; i < AspNetCoreKeyToken.Length; i++)
        {
            if (identity.PublicKeyToken[i] != AspNetCoreKeyToken[i])
            {
                return false;
            }
        }

        return true;
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
