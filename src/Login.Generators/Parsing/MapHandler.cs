using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// What <see cref="MapCallLookup"/> needs to know of a <c>Map*</c> call's handler to pick the overload the call binds to,
/// read without binding the call: whether it is marked, and which of the handler parameter types it converts to.
/// </summary>
internal readonly struct MapHandler(bool readable, string? requirement = null, bool? toRequestDelegate = null, bool mayBeBranch = true)
{
    // How many dots a method group's type name may have (Company.Api.Orders.Handlers.Get).
    private const int LongestName = 8;

    public static readonly MapHandler Unreadable = new(readable: false);
    public static readonly MapHandler Unmarked = new(readable: true);

    /// <summary>Whether the handler's method is known (a lambda, or a method group of one method); if not, nothing else is.</summary>
    public bool Readable { get; } = readable;

    /// <summary>"FreshLogin", "Login", or <c>null</c> when it is not marked.</summary>
    public string? Requirement { get; } = requirement;

    /// <summary>Whether the handler converts to a <c>RequestDelegate</c>; <c>null</c> when only binding its body can tell. It always converts to <c>Delegate</c>.</summary>
    public bool? ToRequestDelegate { get; } = toRequestDelegate;

    /// <summary>Whether it might convert to the <c>Action&lt;IApplicationBuilder&gt;</c> of IApplicationBuilder's Map.</summary>
    public bool MayBeBranch { get; } = mayBeBranch;

    /// <summary>Reads the expression passed as a handler: a lambda written there, or a method group naming one method.</summary>
    public static MapHandler Read(SemanticModel model, int position, ExpressionSyntax expression, KnownTypes known, CancellationToken cancellationToken)
    {
        switch (expression)
        {
            case ParenthesizedLambdaExpressionSyntax lambda:
            {
                var requirement = RequirementOf(model, position, lambda, known);
                if (requirement is null)
                {
                    return Unmarked;
                }

                var (toRequestDelegate, mayBeBranch) = LambdaConversions(model, position, lambda, known, cancellationToken);
                return new MapHandler(readable: true, requirement, toRequestDelegate, mayBeBranch);
            }

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
            {
                if (MethodGroup(model, position, expression) is not { } method)
                {
                    return Unreadable;
                }

                var requirement = MapCallParser.RequirementOf(method, known);
                return requirement is null
                    ? Unmarked
                    : new MapHandler(readable: true, requirement, MethodToRequestDelegate(method, known), MethodMayBeBranch(method, known));
            }

            default:
                return Unreadable;
        }
    }

    /// <summary>
    /// "FreshLogin" or "Login" when one of the lambda's attributes is a guard (<see cref="GuardAttribute"/>: the generic
    /// forms and attributes deriving from one too), else <c>null</c>: each attribute bound on its own, as the attribute it names.
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
                if (GuardAttribute.Read(constructor?.ContainingType, known) is { } guard)
                {
                    if (guard.IsFresh)
                    {
                        return GuardAttribute.FreshLogin;
                    }

                    requirement = GuardAttribute.Login;
                }
            }
        }

        return requirement;
    }

    /// <summary>
    /// Whether a lambda converts to a <c>RequestDelegate</c>, and whether it might to an <c>Action&lt;IApplicationBuilder&gt;</c>.
    /// A lambda's parameter types must be the delegate's, so only a lambda of one <c>HttpContext</c> can be a
    /// <c>RequestDelegate</c>; then it is one when it returns a <c>Task</c>, which its syntax tells in the common shapes
    /// (an explicit return type; an async lambda that returns no value; a body returning only literals) and only binding
    /// its body tells otherwise. A parameter without a declared type makes the lambda typeless: only binding can tell.
    /// </summary>
    private static (bool? ToRequestDelegate, bool MayBeBranch) LambdaConversions(
        SemanticModel model, int position, ParenthesizedLambdaExpressionSyntax lambda, KnownTypes known, CancellationToken cancellationToken)
    {
        var parameters = lambda.ParameterList.Parameters;
        foreach (var parameter in parameters)
        {
            if (parameter.Type is null)
            {
                return (null, true);
            }
        }

        if (parameters.Count != 1)
        {
            return (false, false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var type = model.GetSpeculativeTypeInfo(position, parameters[0].Type!, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        if (type is null or IErrorTypeSymbol)
        {
            return (null, true);
        }

        if (SymbolEqualityComparer.Default.Equals(type, known.IApplicationBuilder))
        {
            return (false, true);
        }

        if (!SymbolEqualityComparer.Default.Equals(type, known.HttpContext))
        {
            return (false, false);
        }

        return (parameters[0].Modifiers.Count == 0 ? LambdaReturnsTask(model, position, lambda, known) : null, false);
    }

    /// <summary>Whether a lambda of one <c>HttpContext</c> converts to a delegate returning <c>Task</c>; <c>null</c> when only its body can tell.</summary>
    private static bool? LambdaReturnsTask(SemanticModel model, int position, ParenthesizedLambdaExpressionSyntax lambda, KnownTypes known)
    {
        // An explicit return type must be the delegate's.
        if (lambda.ReturnType is { } returnType)
        {
            var type = model.GetSpeculativeTypeInfo(position, returnType, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            return type is null or IErrorTypeSymbol ? null : SymbolEqualityComparer.Default.Equals(type, known.NonGenericTask);
        }

        if (lambda.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            // An async lambda is a Task-returning delegate when it returns no value: a block without "return value;", or
            // an expression that could be a statement on its own (a call, an await, an assignment...), whose value is dropped.
            return lambda.ExpressionBody is { } expression
                ? IsStatementExpression(expression)
                : !Returns(lambda.Block!).Any(statement => statement.Expression is not null);
        }

        // Otherwise the body's values decide: literals and interpolated strings are not Tasks. A body that ends in a
        // throw (or a loop, a goto) may convert to any return type.
        if (lambda.ExpressionBody is { } body)
        {
            return IsNotTask(body) ? false : null;
        }

        var block = lambda.Block!;
        foreach (var node in BodyNodes(block))
        {
            if (node is ThrowStatementSyntax or ThrowExpressionSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or GotoStatementSyntax)
            {
                return null;
            }

            if (node is ReturnStatementSyntax { Expression: { } value } && !IsNotTask(value))
            {
                return null;
            }
        }

        return false;
    }

    private static bool IsStatementExpression(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or ObjectCreationExpressionSyntax
            || expression.IsKind(SyntaxKind.PreIncrementExpression) || expression.IsKind(SyntaxKind.PreDecrementExpression)
            || expression.IsKind(SyntaxKind.PostIncrementExpression) || expression.IsKind(SyntaxKind.PostDecrementExpression);

    private static bool IsNotTask(ExpressionSyntax expression) =>
        expression is InterpolatedStringExpressionSyntax
            || expression.IsKind(SyntaxKind.StringLiteralExpression) || expression.IsKind(SyntaxKind.Utf8StringLiteralExpression)
            || expression.IsKind(SyntaxKind.NumericLiteralExpression) || expression.IsKind(SyntaxKind.CharacterLiteralExpression)
            || expression.IsKind(SyntaxKind.TrueLiteralExpression) || expression.IsKind(SyntaxKind.FalseLiteralExpression);

    /// <summary>The nodes of a body, not those of the lambdas and local functions in it, whose returns are their own.</summary>
    private static IEnumerable<SyntaxNode> BodyNodes(BlockSyntax block) =>
        block.DescendantNodes(static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    private static IEnumerable<ReturnStatementSyntax> Returns(BlockSyntax block)
    {
        foreach (var node in BodyNodes(block))
        {
            if (node is ReturnStatementSyntax statement)
            {
                yield return statement;
            }
        }
    }

    /// <summary>
    /// The one method a method group names, when its natural type is that method's: a name that finds exactly one
    /// non-generic static method or local function where the call is (<c>Get</c>), or a type's name followed by the
    /// name of exactly one non-generic static method (<c>Handlers.Get</c>, <c>Api.Handlers.Get</c>, inherited or not).
    /// Several overloads, an instance method, a delegate-typed field or property, a receiver that is an expression: <c>null</c>.
    /// </summary>
    private static IMethodSymbol? MethodGroup(SemanticModel model, int position, ExpressionSyntax expression)
    {
        ImmutableArray<ISymbol> symbols;
        if (expression is IdentifierNameSyntax identifier)
        {
            symbols = model.LookupSymbols(position, name: identifier.Identifier.ValueText);
        }
        else if (expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access
            && access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            && NamespaceOrType(model, position, access.Expression, depth: 0) is INamedTypeSymbol type)
        {
            // The type's own members and its bases'. Asking the semantic model to look the name
            // up, extension methods included, costs a millisecond a call; a C# 14 static extension member of the same name is
            // not looked for (a handler it would replace gets an interceptor that does not match, error CS9144, not silence).
            symbols = StaticMembers(type, name.Identifier.ValueText);
        }
        else
        {
            return null;
        }

        return symbols.Length == 1
            && symbols[0] is IMethodSymbol { Arity: 0, ReducedFrom: null } method
            && ((method.MethodKind == MethodKind.Ordinary && method.IsStatic) || (method.MethodKind == MethodKind.LocalFunction && expression is IdentifierNameSyntax))
            && model.IsAccessible(position, method)
            ? method
            : null;
    }

    /// <summary>
    /// The members of this name of a type and of all its base types: a method group takes the methods of every base
    /// that a derived one does not override, so one found anywhere up the chain besides the type's own makes the group ambiguous.
    /// </summary>
    private static ImmutableArray<ISymbol> StaticMembers(INamedTypeSymbol type, string name)
    {
        var found = ImmutableArray<ISymbol>.Empty;
        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = current.GetMembers(name);
            found = found.IsEmpty ? members : found.AddRange(members);
        }

        return found;
    }

    /// <summary>The namespace or non-generic type a name (or dotted name) stands for where the call is; <c>null</c> if it may stand for a value.</summary>
    internal static INamespaceOrTypeSymbol? NamespaceOrType(SemanticModel model, int position, ExpressionSyntax expression, int depth)
    {
        ImmutableArray<ISymbol> symbols;
        if (expression is IdentifierNameSyntax identifier)
        {
            // Every kind of symbol, so a local, parameter or member of the same name (which would win) is seen.
            symbols = model.LookupSymbols(position, name: identifier.Identifier.ValueText);
        }
        else if (expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access
            && access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            && depth < LongestName
            && NamespaceOrType(model, position, access.Expression, depth + 1) is { } container)
        {
            symbols = container.GetMembers(name.Identifier.ValueText);
        }
        else
        {
            return null;
        }

        var symbol = symbols.Length == 1 ? symbols[0] : null;
        if (symbol is IAliasSymbol alias)
        {
            symbol = alias.Target;
        }

        return symbol is INamespaceSymbol or INamedTypeSymbol { Arity: 0 } && model.IsAccessible(position, symbol)
            ? (INamespaceOrTypeSymbol)symbol
            : null;
    }

    /// <summary>
    /// Whether a method group of this method converts to a <c>RequestDelegate</c>: one parameter an <c>HttpContext</c>
    /// converts to, and a return type that converts to <c>Task</c> (a method group's types may vary, unlike a lambda's).
    /// </summary>
    private static bool MethodToRequestDelegate(IMethodSymbol method, KnownTypes known) =>
        method.Parameters.Length == 1
            && method.Parameters[0].RefKind == RefKind.None
            && ConvertsTo(known.HttpContext, method.Parameters[0].Type)
            && ConvertsTo(method.ReturnType, known.NonGenericTask);

    /// <summary>Whether a method group of this method might convert to an <c>Action&lt;IApplicationBuilder&gt;</c>.</summary>
    private static bool MethodMayBeBranch(IMethodSymbol method, KnownTypes known) =>
        method.ReturnsVoid
            && method.Parameters.Length == 1
            && method.Parameters[0].RefKind == RefKind.None
            && ConvertsTo(known.IApplicationBuilder, method.Parameters[0].Type);

    /// <summary>Whether <paramref name="from"/> is <paramref name="to"/> or converts to it by reference: a base class, an interface, object or dynamic.</summary>
    private static bool ConvertsTo(ITypeSymbol? from, ITypeSymbol? to)
    {
        if (from is null || to is null)
        {
            return false;
        }

        if (to.TypeKind == TypeKind.Dynamic || to.SpecialType == SpecialType.System_Object)
        {
            return from.IsReferenceType;
        }

        for (var current = from; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, to))
            {
                return true;
            }
        }

        foreach (var implemented in from.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, to))
            {
                return true;
            }
        }

        return false;
    }
}
