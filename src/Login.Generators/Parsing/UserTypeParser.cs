using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>Reads a <c>[LoginUser]</c> type into a <see cref="UserTypeResult"/>.</summary>
internal static class UserTypeParser
{
    public static UserTypeResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var site = SourceSite.Of(syntax.Identifier);
        var diagnostics = new List<DiagnosticInfo>();
        var fullName = type.ToFullyQualifiedNonNullable();
        var displayName = type.Name;

        var notPartial = FirstNonPartial(syntax);
        if (notPartial is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UserTypeNotPartial, site, displayName, notPartial.Identifier.ValueText, KeywordOf(notPartial)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (idMember, idType, idFormat) = FindId(type);
        if (idMember is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UserTypeHasNoId, site, displayName));
        }
        else if (idFormat is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.IdTypeCannotRoundTrip, SiteOf(idMember, site, cancellationToken), displayName, idMember.Name, idType!.ToDisplayString()));
        }

        var declaration = new UserTypeDeclaration(
            fullName,
            displayName,
            IdTypeName(idType, idFormat),
            site);

        if (diagnostics.Count > 0)
        {
            return new UserTypeResult(null, declaration, diagnostics.ToEquatableArray());
        }

        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, $"partial {outer.Keyword()} {outer.Name}");
        }

        var (stampMember, stampFormat) = FindStamp(type);
        var model = new UserTypeModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: containing.ToEquatableArray(),
            Keyword: type.Keyword(),
            Name: type.Name,
            FullyQualifiedName: fullName,
            IdMember: idMember!.Name,
            IdFormat: idFormat!.Value,
            WritesIsActive: !type.DeclaresOrInherits("IsActive"),
            WritesIsAuthenticated: !type.DeclaresOrInherits("IsAuthenticated"),
            WritesIsAnonymous: !type.DeclaresOrInherits("IsAnonymous"),
            WritesEquality: !type.IsRecord && type.GetMembers("Equals").IsEmpty && type.GetMembers("GetHashCode").IsEmpty,
            WritesBindAsync: !type.DeclaresOrInherits("BindAsync"),
            StampMember: stampMember,
            StampFormat: stampFormat);
        return new UserTypeResult(model, declaration, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>The type a loader of this user takes its id as, written as the user would write it, for messages.</summary>
    public static string IdTypeName(INamedTypeSymbol type)
    {
        var (_, idType, idFormat) = FindId(type);
        return IdTypeName(idType, idFormat);
    }

    private static string IdTypeName(ITypeSymbol? idType, IdFormat? idFormat) =>
        idType is null || idFormat == IdFormat.UserWritten ? "string" : idType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>The id member, its type, and how to format it; a null format means the type cannot round-trip.</summary>
    private static (ISymbol? Member, ITypeSymbol? Type, IdFormat? Format) FindId(INamedTypeSymbol type)
    {
        foreach (var method in type.GetMembers("GetId").OfType<IMethodSymbol>())
        {
            if (method.Parameters.Length == 0 && !method.IsStatic)
            {
                return (method, method.ReturnType, IdFormat.UserWritten);
            }
        }

        ISymbol? marked = null;
        ISymbol? named = null;
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member is not (IPropertySymbol or IFieldSymbol))
                {
                    continue;
                }

                if (marked is null && member.HasAttribute(KnownNames.LoginIdAttribute))
                {
                    marked = member;
                }
                else if (named is null && member.Name == "Id")
                {
                    named = member;
                }
            }
        }

        var id = marked ?? named;
        if (id is null)
        {
            return (null, null, null);
        }

        var idType = id switch
        {
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
        return (id, idType, FormatOf(idType!));
    }

    /// <summary>The <c>[SessionStamp]</c> member, if any, and how to turn it into text.</summary>
    private static (string? Member, StampFormat Format) FindStamp(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !member.HasAttribute(KnownNames.SessionStampAttribute))
                {
                    continue;
                }

                var memberType = member switch
                {
                    IPropertySymbol property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (memberType is null)
                {
                    continue;
                }

                var format = memberType switch
                {
                    { SpecialType: SpecialType.System_String } => StampFormat.String,
                    IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } => StampFormat.Bytes,
                    _ when memberType.AllInterfaces.Any(i => i.Is(KnownNames.IFormattable)) => StampFormat.Formattable,
                    INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                        when nullable.TypeArguments[0].AllInterfaces.Any(i => i.Is(KnownNames.IFormattable)) => StampFormat.Formattable,
                    _ => StampFormat.Other,
                };
                return (member.Name, format);
            }
        }

        return (null, StampFormat.None);
    }

    private static IdFormat? FormatOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return IdFormat.String;
        }

        var parsable = false;
        var formattable = false;
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(KnownNames.IParsable) && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
            {
                parsable = true;
            }
            else if (implemented.Is(KnownNames.IFormattable))
            {
                formattable = true;
            }
        }

        return parsable && formattable ? IdFormat.Formattable : null;
    }

    private static TypeDeclarationSyntax? FirstNonPartial(TypeDeclarationSyntax syntax)
    {
        for (SyntaxNode? node = syntax; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return declaration;
            }
        }

        return null;
    }

    private static string KeywordOf(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword } => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private static SourceSite SiteOf(ISymbol member, SourceSite fallback, CancellationToken cancellationToken)
    {
        var reference = member.DeclaringSyntaxReferences.FirstOrDefault();
        return reference?.GetSyntax(cancellationToken) switch
        {
            PropertyDeclarationSyntax property => SourceSite.Of(property.Identifier),
            VariableDeclaratorSyntax variable => SourceSite.Of(variable.Identifier),
            _ => fallback,
        };
    }
}
