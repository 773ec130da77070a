using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Login.CodeFixes;

/// <summary>
/// How Login finds a user's id, read again here because the analyzer's own reading (<c>UserTypeParser</c>) is internal
/// to the generator's assembly, which must stay free of Workspaces. The rules are the same, in the same order: a
/// <c>GetId()</c> the user wrote, then a member marked <c>[LoginId]</c>, then a property or field called <c>Id</c>. The
/// tests run the real analyzer on every fixed file, so a fix built on a reading that drifted from it fails there.
/// </summary>
internal static class UserIds
{
    /// <summary>
    /// The type a <c>[UserLoader]</c> of this user must take its id as: the id member's type when Login writes that
    /// member into the session, <c>string</c> otherwise (the user wrote <c>GetId()</c>, or the type has no usable id yet;
    /// a loader may always take the stored text as a string).
    /// </summary>
    public static ITypeSymbol LoaderIdType(INamedTypeSymbol user, Compilation compilation) =>
        StoredIdType(user) ?? compilation.GetSpecialType(SpecialType.System_String);

    /// <summary>The type of the id member Login formats into the session, or <c>null</c> when it formats none.</summary>
    public static ITypeSymbol? StoredIdType(INamedTypeSymbol user)
    {
        if (HasOwnGetId(user))
        {
            return null;
        }

        var type = TypeOf(FindIdMember(user));
        return type is not null && CanRoundTrip(type) ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : null;
    }

    /// <summary>
    /// The members the user could mark <c>[LoginId]</c>: instance properties and fields of a type Login can store, declared
    /// in source (here or in a base class), other than the session stamp, which changes when the password does.
    /// </summary>
    public static IEnumerable<ISymbol> Candidates(INamedTypeSymbol user)
    {
        for (var current = user; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic
                    || member.IsImplicitlyDeclared
                    || member is IPropertySymbol { IsIndexer: true }
                    || TypeOf(member) is not { } type
                    || !CanRoundTrip(type)
                    || HasAttribute(member, LoginNames.SessionStampAttribute)
                    || !IsInUserSource(member))
                {
                    continue;
                }

                yield return member;
            }
        }
    }

    /// <summary>Whether the loader's first parameter can be parsed from the stored text when Login does not format the id.</summary>
    public static bool ParsesItself(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, "System.IParsable`1") && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, metadataName))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Is(ITypeSymbol? type, string metadataName)
    {
        if (type is null)
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        var dot = metadataName.LastIndexOf('.');
        return definition.MetadataName == metadataName.Substring(dot + 1)
            && definition.ContainingNamespace?.ToDisplayString() == metadataName.Substring(0, dot);
    }

    private static bool HasOwnGetId(INamedTypeSymbol user)
    {
        foreach (var member in user.GetMembers("GetId"))
        {
            if (member is IMethodSymbol { Parameters.Length: 0, IsStatic: false } && IsInUserSource(member))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? FindIdMember(INamedTypeSymbol user)
    {
        ISymbol? named = null;
        for (var current = user; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member is not (IPropertySymbol or IFieldSymbol))
                {
                    continue;
                }

                if (HasAttribute(member, LoginNames.LoginIdAttribute))
                {
                    return member;
                }

                if (named is null && member.Name == "Id")
                {
                    named = member;
                }
            }
        }

        return named;
    }

    private static ITypeSymbol? TypeOf(ISymbol? member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    /// <summary>string, or a type that parses itself and formats itself (int, long, Guid, and the user's own).</summary>
    private static bool CanRoundTrip(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        var formattable = false;
        foreach (var implemented in type.AllInterfaces)
        {
            formattable |= Is(implemented, "System.IFormattable");
        }

        return formattable && ParsesItself(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
    }

    /// <summary>Declared in a file of the user's, not only in metadata or in the file Login's generator writes.</summary>
    private static bool IsInUserSource(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.EndsWith(LoginNames.GeneratedUserFileSuffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
