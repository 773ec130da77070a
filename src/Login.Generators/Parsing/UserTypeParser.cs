using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Login.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Parsing;

/// <summary>
/// Reads a <c>[LoginUser]</c> type. <see cref="Check"/> says what is wrong with it, for the analyzer to report;
/// <see cref="Parse"/> turns it into the model the generator emits, so that a user who made a mistake sees its
/// diagnostic and no other error: a type with no usable id (LOGIN002, LOGIN003) still gets its IUser members, with a
/// <c>GetId()</c> that throws, so every <c>LoginUserAsync(user)</c> still type-checks; a type that is not partial
/// (LOGIN001) gets nothing, because a part without <c>partial</c> cannot be added to it.
/// </summary>
internal static class UserTypeParser
{
    /// <summary>The generator's transform: a model to emit, or <c>null</c> for a type (or containing type) that is not partial.</summary>
    public static UserTypeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var known = KnownTypes.For(context.SemanticModel.Compilation);
        if (FirstNonPartial((TypeDeclarationSyntax)context.TargetNode) is not null)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (idMember, _, idFormat) = FindId(type, known);
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, $"partial {outer.Keyword()} {outer.Name}");
        }

        var (stampMember, stampFormat) = FindStamp(type, known);
        return new UserTypeModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: containing.ToEquatableArray(),
            Keyword: type.Keyword(),
            Name: type.Name,
            FullyQualifiedName: type.ToFullyQualifiedNonNullable(),
            IdMember: idMember?.Name ?? "",
            IdFormat: idFormat ?? IdFormat.Unusable,
            WritesIsActive: !type.DeclaresOrInherits("IsActive"),
            WritesIsAuthenticated: !type.DeclaresOrInherits("IsAuthenticated"),
            WritesIsAnonymous: !type.DeclaresOrInherits("IsAnonymous"),
            WritesEquality: !type.IsRecord && type.GetMembers("Equals").IsEmpty && type.GetMembers("GetHashCode").IsEmpty,
            WritesBindAsync: !type.DeclaresOrInherits("BindAsync"),
            StampMember: stampMember,
            StampFormat: stampFormat,
            Claims: ClaimsOf(type, known),
            WritesParameterMetadata: known.IEndpointParameterMetadataProvider is { } provider && !Implements(type, provider));
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol @interface)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, @interface))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>[LoginClaim]</c> members the generator can read; the others are LOGIN011, and left out.</summary>
    private static EquatableArray<ClaimModel> ClaimsOf(INamedTypeSymbol type, KnownTypes known)
    {
        var claims = new List<ClaimModel>();
        foreach (var found in ClaimMembers.Find(type, known))
        {
            if (found.Kind is { } kind && found.ClaimType is { } claimType)
            {
                claims.Add(new ClaimModel(found.Member.Name, claimType, kind));
            }
        }

        return claims.ToEquatableArray();
    }

    /// <summary>
    /// LOGIN001, LOGIN002, LOGIN003 and LOGIN011 for a <c>[LoginUser]</c> type, read at <paramref name="declaration"/>, the
    /// part that carries the attribute; reported at its name, or at the member for LOGIN003 and LOGIN011.
    /// </summary>
    public static List<Problem> Check(INamedTypeSymbol type, TypeDeclarationSyntax declaration, KnownTypes known, CancellationToken cancellationToken)
    {
        var site = declaration.Identifier.GetLocation();
        var problems = new List<Problem>();
        var displayName = type.Name;

        var notPartial = FirstNonPartial(declaration);
        if (notPartial is not null)
        {
            problems.Add(new Problem(ProblemKind.UserTypeNotPartial, site, displayName, notPartial.Identifier.ValueText, KeywordOf(notPartial)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (idMember, idType, idFormat) = FindId(type, known);
        if (idMember is null)
        {
            problems.Add(new Problem(ProblemKind.UserTypeHasNoId, site, displayName));
        }
        else if (idFormat is null)
        {
            problems.Add(new Problem(ProblemKind.IdTypeCannotRoundTrip, SiteOf(idMember, site, cancellationToken), displayName, idMember.Name, idType!.ToDisplayString()));
        }

        foreach (var claim in ClaimMembers.Find(type, known))
        {
            if (claim.Kind is null)
            {
                problems.Add(new Problem(
                    ProblemKind.ClaimTypeUnsupported, SiteOf(claim.Member, site, cancellationToken), displayName, claim.Member.Name, claim.Type.ToDisplayString()));
            }
        }

        return problems;
    }

    /// <summary>The type a loader of this user takes its id as, written as the user would write it, for messages.</summary>
    public static string IdTypeName(INamedTypeSymbol type, KnownTypes known)
    {
        var (_, idType, idFormat) = FindId(type, known);
        return IdTypeName(idType, idFormat);
    }

    /// <summary>
    /// The member whose value Login formats into the session, and its type, which a <c>[UserLoader]</c> must take (or a
    /// string) to parse the stored text back. <c>null</c> when Login does not format the id: the user wrote
    /// <c>GetId()</c>, so what it returns is theirs to parse, or the type has no usable id (LOGIN002, LOGIN003), which
    /// is reported on the type already.
    /// </summary>
    public static (string Member, ITypeSymbol Type)? StoredIdOf(INamedTypeSymbol type, KnownTypes known)
    {
        var (member, idType, format) = FindId(type, known);
        return format is IdFormat.String or IdFormat.Formattable ? (member!.Name, idType!) : null;
    }

    /// <summary>Whether a member of this type can be the id: Login can store it as text and parse it back.</summary>
    public static bool CanBeId(ITypeSymbol type, KnownTypes known) => FormatOf(type, known) is not null;

    private static string IdTypeName(ITypeSymbol? idType, IdFormat? idFormat) =>
        idType is null || idFormat == IdFormat.UserWritten ? "string" : idType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>The id member, its type, and how to format it; a null format means the type cannot round-trip.</summary>
    private static (ISymbol? Member, ITypeSymbol? Type, IdFormat? Format) FindId(INamedTypeSymbol type, KnownTypes known)
    {
        foreach (var method in type.GetMembers("GetId").OfType<IMethodSymbol>())
        {
            if (method.Parameters.Length == 0 && !method.IsStatic && !IsGeneratedByLogin(method))
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

                if (marked is null && member.HasAttribute(known.LoginIdAttribute))
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
        return (id, idType, FormatOf(idType!, known));
    }

    /// <summary>
    /// Whether the member is one Login's generator wrote (into <see cref="UserTypeModel.HintName"/>). The analyzer runs on
    /// the compilation with the generated code, where every valid user type has a <c>GetId()</c>; that one is not the
    /// user's, and taking it for theirs would make the id's type <c>string</c> in the messages.
    /// </summary>
    private static bool IsGeneratedByLogin(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.EndsWith(UserTypeModel.HintNameSuffix, System.StringComparison.Ordinal))
            {
                return false;
            }
        }

        return member.DeclaringSyntaxReferences.Length > 0;
    }

    /// <summary>The <c>[SessionStamp]</c> member, if any, and how to turn it into text.</summary>
    private static (string? Member, StampFormat Format) FindStamp(INamedTypeSymbol type, KnownTypes known)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !member.HasAttribute(known.SessionStampAttribute))
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
                    _ when memberType.AllInterfaces.Any(i => i.Is(known.IFormattable)) => StampFormat.Formattable,
                    INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                        when nullable.TypeArguments[0].AllInterfaces.Any(i => i.Is(known.IFormattable)) => StampFormat.Formattable,
                    _ => StampFormat.Other,
                };
                return (member.Name, format);
            }
        }

        return (null, StampFormat.None);
    }

    private static IdFormat? FormatOf(ITypeSymbol type, KnownTypes known)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return IdFormat.String;
        }

        var parsable = false;
        var formattable = false;
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(known.IParsable) && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
            {
                parsable = true;
            }
            else if (implemented.Is(known.IFormattable))
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

    private static Location SiteOf(ISymbol member, Location fallback, CancellationToken cancellationToken)
    {
        var reference = member.DeclaringSyntaxReferences.FirstOrDefault();
        return reference?.GetSyntax(cancellationToken) switch
        {
            PropertyDeclarationSyntax property => property.Identifier.GetLocation(),
            VariableDeclaratorSyntax variable => variable.Identifier.GetLocation(),
            _ => fallback,
        };
    }
}
