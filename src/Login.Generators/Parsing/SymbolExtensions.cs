using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

internal static class SymbolExtensions
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as generated code must name it: <c>global::App.User</c>.</summary>
    public static string ToFullyQualified(this ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>The type without its nullable annotation, as loaders and users are matched by.</summary>
    public static string ToFullyQualifiedNonNullable(this ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The type as the user would write it, without its nullable annotation, for messages: <c>Outer.User</c>.</summary>
    public static string ToDisplayName(this ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>Whether the type is <paramref name="known"/> (for a generic type, any construction of it).</summary>
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.Is(attributeType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type or a base type (other than object) declares a member with this name.</summary>
    public static bool DeclaresOrInherits(this INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A name for a method that is the same whether it is read at its declaration or at a method group passing it to a
    /// <c>Map*</c> call, and that does not move when code around it does: its documentation id, or for a local function
    /// the enclosing method's followed by its own name. An override is named by the method it overrides first: a method
    /// group binds a virtual call to the most derived override at run time, whose attributes include the overridden
    /// method's, so <c>[LoginRequired]</c> on a virtual method guards a mapped override of it (no LOGIN009 for that).
    /// </summary>
    public static string ToHandlerKey(this IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        while (method.OverriddenMethod is { } overridden)
        {
            method = overridden.OriginalDefinition;
        }

        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            var outer = method.ContainingSymbol is IMethodSymbol enclosing ? enclosing.ToHandlerKey() : method.ContainingSymbol?.ToDisplayString();
            return outer + "/" + method.Name;
        }

        return DocumentationCommentId.CreateDeclarationId(method) ?? method.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }

    /// <summary>Whether the type or a base type is named or derives as a thing ASP.NET Core routes to: a controller or a Razor page.</summary>
    public static bool IsControllerOrPage(this INamedTypeSymbol type, KnownTypes known)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            // MVC's own convention: a class named *Controller, deriving from ControllerBase, or marked [Controller]/[ApiController].
            if (current.Name.EndsWith("Controller", System.StringComparison.Ordinal)
                || current.Is(known.ControllerBase) || current.Is(known.PageModel) || current.Is(known.PageBase)
                || current.HasAttribute(known.ControllerAttribute) || current.HasAttribute(known.ApiControllerAttribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether ASP.NET Core reads the attributes of this class as endpoint metadata because a <c>Map*</c> call maps the
    /// class itself: a SignalR hub (<c>MapHub&lt;T&gt;</c>), a gRPC service (<c>MapGrpcService&lt;T&gt;</c>, recognised by
    /// the <c>[BindServiceMethod]</c> on its generated base), a Razor component.
    /// </summary>
    public static bool IsMappedByType(this INamedTypeSymbol type, KnownTypes known)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Is(known.Hub) || current.HasAttribute(known.BindServiceMethodAttribute))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(known.IComponent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is a SignalR hub: Login's hub filter reads the attributes of its methods at each call.</summary>
    public static bool IsHub(this INamedTypeSymbol type, KnownTypes known)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Is(known.Hub))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The declaration keyword(s) a partial part of this type must repeat.</summary>
    public static string Keyword(this INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };
}
