using System;
using System.Collections.Generic;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Login.CodeFixes;

/// <summary>
/// A user's id as the fixes need it, read with the analyzer's own rules (<see cref="UserTypeParser"/>, internal to the
/// generator's assembly and visible to this one), so a fix cannot drift from the diagnostic it fixes.
/// </summary>
internal static class UserIds
{
    /// <summary>
    /// The type a <c>[UserLoader]</c> of this user must take its id as: the id member's type when Login writes that
    /// member into the session, <c>string</c> otherwise (the user wrote <c>GetId()</c>, or the type has no usable id yet;
    /// a loader may always take the stored text as a string).
    /// </summary>
    public static ITypeSymbol LoaderIdType(INamedTypeSymbol user, Compilation compilation) =>
        StoredIdType(user, compilation) ?? compilation.GetSpecialType(SpecialType.System_String);

    /// <summary>The type of the id member Login formats into the session, or <c>null</c> when it formats none.</summary>
    public static ITypeSymbol? StoredIdType(INamedTypeSymbol user, Compilation compilation) =>
        UserTypeParser.StoredIdOf(user, KnownTypes.For(compilation))?.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    /// <summary>
    /// The members the user could mark <c>[LoginId]</c>: instance properties and fields of a type Login can store, declared
    /// in source (here or in a base class), other than the session stamp, which changes when the password does.
    /// </summary>
    public static IEnumerable<ISymbol> Candidates(INamedTypeSymbol user, Compilation compilation)
    {
        var known = KnownTypes.For(compilation);
        for (var current = user; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic
                    || member.IsImplicitlyDeclared
                    || member is IPropertySymbol { IsIndexer: true }
                    || TypeOf(member) is not { } type
                    || !UserTypeParser.CanBeId(type, known)
                    || member.HasAttribute(known.SessionStampAttribute)
                    || !IsInUserSource(member))
                {
                    continue;
                }

                yield return member;
            }
        }
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    /// <summary>Declared in a file of the user's, not only in metadata or in the file Login's generator writes.</summary>
    private static bool IsInUserSource(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.EndsWith(Login.Generators.Models.UserTypeModel.HintNameSuffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
