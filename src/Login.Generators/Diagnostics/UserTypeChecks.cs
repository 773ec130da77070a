using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Diagnostics;

/// <summary>
/// The checks of several user types that read a guard's <c>TUser</c>: LOGIN013 (<c>[LoginRequired&lt;T&gt;]</c> where
/// <c>T</c> is not a <c>[LoginUser]</c> type) and LOGIN015 (a guarded handler whose user parameters disagree with its
/// guard, or with each other). Keys (LOGIN014) are checked in <see cref="CompilationWideChecks"/>, read by
/// <see cref="UserTypeKeys"/>.
/// </summary>
internal static class UserTypeChecks
{
    /// <summary>LOGIN013 for each generic guard attribute on a class, a method, a local function or a lambda.</summary>
    public static void CheckRequiredTypes(ISymbol target, KnownTypes known, UserTypeNames userTypes, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var attribute in target.GetAttributes())
        {
            if (GuardAttribute.Read(attribute.AttributeClass, known) is not { UserType: INamedTypeSymbol required } guard
                || required is IErrorTypeSymbol
                || required.HasAttribute(known.LoginUserAttribute)
                || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not { } syntax)
            {
                continue;
            }

            var names = userTypes.Get(cancellationToken);
            var attributeName = guard.IsFresh ? "FreshLoginRequired" : "LoginRequired";
            var instead = names.Count == 0
                ? $"mark '{required.ToDisplayName()}' [LoginUser] (a partial class with an id and a [UserLoader]), or write [{attributeName}] for any user type"
                : $"write it with one of this project's [LoginUser] types ({string.Join(", ", names)}), such as [{attributeName}<{names[0]}>], or [{attributeName}] for any user type";
            report(Diagnostic.Create(DiagnosticDescriptors.RequiredTypeNotLoginUser, syntax.GetLocation(), required.ToDisplayName(), guard.Display, instead));
        }
    }

    /// <summary>
    /// LOGIN015 for a handler guarded by <paramref name="guards"/> (its own attributes and, for an MVC action, its
    /// controller's; ASP.NET Core asks IEndpointParameterMetadataProvider for Map* handlers and controller actions, not
    /// for Razor Pages handlers): each parameter of a user type the guards do not require, and the second of two parameters of
    /// different user types. The generated <c>PopulateMetadata</c> of every user type adds its type to the endpoint's
    /// requirement whether the parameter is nullable or not, so nullable parameters count too.
    /// </summary>
    /// <param name="guards">Each guard, and where it is written, for the message: "the handler", "class 'OrdersController'".</param>
    /// <param name="firstReport">Whether this parameter is reported for the first time (a method group may be mapped twice).</param>
    public static void CheckParameters(
        IMethodSymbol handler,
        IReadOnlyList<(GuardAttribute Guard, string Where)> guards,
        KnownTypes known,
        Func<IParameterSymbol, bool> firstReport,
        Action<Diagnostic> report,
        CancellationToken cancellationToken)
    {
        if (guards.Count == 0)
        {
            return;
        }

        (IParameterSymbol Parameter, INamedTypeSymbol UserType)? first = null;
        foreach (var parameter in handler.Parameters)
        {
            if (UserTypeOf(parameter.Type, known) is not { } userType || SiteOf(parameter, cancellationToken) is not { } site)
            {
                continue;
            }

            string? problem = null;
            string? instead = null;
            foreach (var (guard, where) in guards)
            {
                if (guard.UserType is { } required && !SymbolEqualityComparer.Default.Equals(required, userType))
                {
                    var requiredName = required.ToDisplayName();
                    var attributeName = guard.IsFresh ? "FreshLoginRequired" : "LoginRequired";
                    problem = $"Parameter '{parameter.Name}' takes the user type '{userType.ToDisplayName()}' but {guard.Display} on {where} requires a login of type '{requiredName}'";
                    instead = $"require the parameter's type ([{attributeName}<{userType.ToDisplayName()}>]) or take a parameter of type '{requiredName}'";
                    break;
                }
            }

            if (problem is null && first is { } earlier && !SymbolEqualityComparer.Default.Equals(earlier.UserType, userType))
            {
                problem = $"Parameters '{earlier.Parameter.Name}' ('{earlier.UserType.ToDisplayName()}') and '{parameter.Name}' ('{userType.ToDisplayName()}') " +
                    "are of two user types, and a login is of one";
                instead = "keep the parameter of the type the handler is for, and load the other user yourself if it needs one";
            }

            first ??= (parameter, userType);
            if (problem is not null && firstReport(parameter))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.UnreachableUserParameter, site, problem, instead));
            }
        }
    }

    /// <summary>
    /// The guards on an MVC action: its own attributes' and its controller's (and base classes', since the attributes
    /// are inherited), as the endpoint's metadata will hold them.
    /// </summary>
    public static List<(GuardAttribute Guard, string Where)> GuardsOfAction(IMethodSymbol method, KnownTypes known)
    {
        var guards = new List<(GuardAttribute, string)>();
        foreach (var attribute in method.GetAttributes())
        {
            if (GuardAttribute.Read(attribute.AttributeClass, known) is { } guard)
            {
                guards.Add((guard, "the action"));
            }
        }

        for (var type = method.ContainingType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (GuardAttribute.Read(attribute.AttributeClass, known) is { } guard)
                {
                    guards.Add((guard, $"class '{type.ToDisplayName()}'"));
                }
            }
        }

        return guards;
    }

    /// <summary>The guards among a <c>Map*</c> handler's own attributes.</summary>
    public static List<(GuardAttribute Guard, string Where)> GuardsOf(IMethodSymbol handler, KnownTypes known)
    {
        var guards = new List<(GuardAttribute, string)>();
        foreach (var attribute in handler.GetAttributes())
        {
            if (GuardAttribute.Read(attribute.AttributeClass, known) is { } guard)
            {
                guards.Add((guard, "the handler"));
            }
        }

        return guards;
    }

    /// <summary>
    /// The user type a parameter of this type stands for: the type itself when it is <c>[LoginUser]</c>, or the nearest
    /// base class that is (a subclass of a user class is that user type, as the runtime's <c>LoginUserTypes.Of</c> reads it).
    /// </summary>
    public static INamedTypeSymbol? UserTypeOf(ITypeSymbol type, KnownTypes known)
    {
        for (var current = type as INamedTypeSymbol; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.HasAttribute(known.LoginUserAttribute))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The parameter's type and name as written, where LOGIN007 is reported too.</summary>
    private static Location? SiteOf(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.DeclaringSyntaxReferences.Length == 0
            || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax syntax)
        {
            return null;
        }

        var span = TextSpan.FromBounds(syntax.Type?.SpanStart ?? syntax.Identifier.SpanStart, syntax.Identifier.Span.End);
        return Location.Create(syntax.SyntaxTree, span);
    }
}

/// <summary>
/// The names of the project's <c>[LoginUser]</c> types, for LOGIN013's message: found once per compilation, and only
/// when a LOGIN013 is reported, so a project without the mistake never pays for the search.
/// </summary>
internal sealed class UserTypeNames(Compilation compilation, KnownTypes known)
{
    private readonly object _gate = new();
    private List<string>? _names;

    public IReadOnlyList<string> Get(CancellationToken cancellationToken)
    {
        // Not Lazy<T>: it would keep a cancellation for good (see LoadedTypes).
        lock (_gate)
        {
            if (_names is null)
            {
                var names = new List<string>();
                foreach (var symbol in compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken))
                {
                    if (symbol is INamedTypeSymbol type && type.HasAttribute(known.LoginUserAttribute))
                    {
                        names.Add(type.ToDisplayName());
                    }
                }

                names.Sort(StringComparer.Ordinal);
                _names = names;
            }

            return _names;
        }
    }
}
