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

    public static bool Is(this ITypeSymbol? type, string metadataName)
    {
        if (type is null)
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        return definition.MetadataName == metadataName.Substring(metadataName.LastIndexOf('.') + 1)
            && definition.ContainingNamespace?.ToDisplayString() == metadataName.Substring(0, metadataName.LastIndexOf('.'));
    }

    public static bool HasAttribute(this ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.Is(metadataName))
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
