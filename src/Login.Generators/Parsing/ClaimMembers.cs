using System.Collections.Generic;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// The <c>[LoginClaim]</c> members of a <c>[LoginUser]</c> type, for the generator (which writes the code that reads them)
/// and the analyzer (LOGIN011 for the ones it cannot) alike, so the two cannot disagree on what is supported.
/// </summary>
internal static class ClaimMembers
{
    /// <summary>One <c>[LoginClaim]</c> member; <c>Kind</c> is <c>null</c> when its type cannot be made into claims.</summary>
    public readonly struct Found(ISymbol member, ITypeSymbol type, string? claimType, ClaimKind? kind)
    {
        public ISymbol Member { get; } = member;

        public ITypeSymbol Type { get; } = type;

        public string? ClaimType { get; } = claimType;

        public ClaimKind? Kind { get; } = kind;
    }

    /// <summary>The type's own members and those it inherits and can read, in declaration order, its own first.</summary>
    public static List<Found> Find(INamedTypeSymbol type, KnownTypes known)
    {
        var found = new List<Found>();
        if (known.LoginClaimAttribute is null)
        {
            return found;
        }

        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                // A base type's private member is not the generated part's to read.
                if (memberType is null || member.IsStatic
                    || member.DeclaredAccessibility == Accessibility.Private && !SymbolEqualityComparer.Default.Equals(current, type))
                {
                    continue;
                }

                foreach (var attribute in member.GetAttributes())
                {
                    if (attribute.AttributeClass.Is(known.LoginClaimAttribute))
                    {
                        var claimType = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                        found.Add(new Found(member, memberType, claimType, KindOf(memberType)));
                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary>How a value of this type becomes claims, or <c>null</c> when Login cannot say what its claims would be.</summary>
    public static ClaimKind? KindOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return ClaimKind.String;
        }

        if (type.TypeKind == TypeKind.Enum
            || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                && nullable.TypeArguments[0].TypeKind == TypeKind.Enum)
        {
            return ClaimKind.Enum;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String } || IsEnumerableOfString(type))
        {
            return ClaimKind.Strings;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsEnumerableOfString(implemented))
            {
                return ClaimKind.Strings;
            }
        }

        return null;
    }

    private static bool IsEnumerableOfString(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable
        && enumerable.TypeArguments[0].SpecialType == SpecialType.System_String;
}
