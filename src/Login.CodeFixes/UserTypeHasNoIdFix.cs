using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Login.CodeFixes.Editing;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes;

/// <summary>
/// LOGIN002: gives a <c>[LoginUser]</c> type an id, either a new <c>Id</c> property or <c>[LoginId]</c> on one of the
/// members that could be the id, one fix per member. The new <c>Id</c> takes the type of the id the type's loader takes
/// (its <c>[UserLoader]</c>, or the unmarked method LOGIN004's fix would mark), <c>int</c> when there is none. The first fix
/// offered is what <c>dotnet format</c> applies, so the order is the best first: <c>[LoginId]</c> on a member that plainly
/// is the loader's id (its type, and named after it or <c>…Id</c>, or the only member of that type), then the new
/// <c>Id</c>, then the other members; the first under the key <c>LOGIN002.Recommended</c> (see <see cref="RankedFixes"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserTypeHasNoIdFix)), Shared]
public sealed class UserTypeHasNoIdFix : CodeFixProvider
{
    private const string AddIdKey = DiagnosticIds.UserTypeHasNoId + ".AddId";

    // Followed by the member's name: fixing all marks the member of that name in each type, never some other member.
    private const string MarkMemberKeyPrefix = DiagnosticIds.UserTypeHasNoId + ".MarkLoginId.";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UserTypeHasNoId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var reported in await ReportedAt.TypesAsync(context).ConfigureAwait(false))
        {
            var (diagnostic, declaration, user) = (reported.Diagnostic, reported.Declaration, reported.Symbol);
            var compilation = reported.Model.Compilation;
            var known = KnownTypes.For(compilation);

            // The id a loader takes is the id the type should have: a Guid loader wants a Guid id, not an int nobody sets.
            var loader = UserLoaders.Existing(user, compilation, context.CancellationToken);
            var loaderId = loader?.Parameters.FirstOrDefault();
            var idType = loaderId is { RefKind: RefKind.None } && (loaderId.Type.SpecialType == SpecialType.System_String || UserTypeParser.CanBeId(loaderId.Type, known))
                ? loaderId.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
                : compilation.GetSpecialType(SpecialType.System_Int32);

            var fixes = new List<(string Title, Func<CancellationToken, Task<Document>> Fix, string Key, bool Best)>();
            foreach (var member in UserIds.Candidates(user, compilation))
            {
                var syntax = member.DeclaringSyntaxReferences[0];
                if (document.Project.Solution.GetDocument(syntax.SyntaxTree) is not { } target)
                {
                    continue;
                }

                var markable = MarkableDeclaration(await syntax.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false));
                if (markable is null)
                {
                    continue;
                }

                fixes.Add((
                    $"Use '{member.Name}' as the id: mark it [LoginId]",
                    ct => MarkAsync(target, markable, ct),
                    MarkMemberKeyPrefix + member.Name,
                    loaderId is not null && FitsLoader(member, loaderId, user, compilation)));
            }

            // Best first (dotnet format applies the first): the member the loader's id plainly is, then a new Id of the
            // loader's type (or int, with no loader), then the other members.
            var ranked = new RankedFixes(context, diagnostic, DiagnosticIds.UserTypeHasNoId);
            foreach (var fix in fixes.Where(f => f.Best).OrderByDescending(f => f.Key == MarkMemberKeyPrefix + NameOfLoaderId(loaderId)))
            {
                ranked.Add(fix.Title, fix.Fix, fix.Key);
            }

            // A static Id, a method or a nested type called Id would clash with the new property.
            if (!HasMemberNamedId(user))
            {
                var typeName = idType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                var initializer = idType.IsReferenceType ? (idType.SpecialType == SpecialType.System_String ? " = \"\";" : " = default!;") : "";
                ranked.Add($"Add 'public {typeName} Id {{ get; init; }}{initializer}'", ct => AddIdAsync(document, declaration, idType, ct), AddIdKey);
            }

            foreach (var fix in fixes.Where(f => !f.Best))
            {
                ranked.Add(fix.Title, fix.Fix, fix.Key);
            }
        }
    }

    /// <summary>
    /// Whether the member is plainly the id the loader takes: of the loader id's exact type, and named after it (the
    /// loader's <c>memberId</c> and <c>MemberId</c>), or ending in <c>Id</c>, or (for a type other than <c>string</c>, of
    /// which a user has many members) the only member of that type.
    /// </summary>
    private static bool FitsLoader(ISymbol member, IParameterSymbol loaderId, INamedTypeSymbol user, Compilation compilation)
    {
        var type = TypeOf(member);
        if (type is null || !SymbolEqualityComparer.Default.Equals(type, loaderId.Type))
        {
            return false;
        }

        if (string.Equals(member.Name, loaderId.Name, System.StringComparison.OrdinalIgnoreCase)
            || member.Name.EndsWith("Id", System.StringComparison.Ordinal) || member.Name.EndsWith("ID", System.StringComparison.Ordinal))
        {
            return true;
        }

        return type.SpecialType != SpecialType.System_String
            && UserIds.Candidates(user, compilation).Count(other => SymbolEqualityComparer.Default.Equals(TypeOf(other), type)) == 1;
    }

    private static string? NameOfLoaderId(IParameterSymbol? loaderId) =>
        loaderId is null ? null : char.ToUpperInvariant(loaderId.Name[0]) + loaderId.Name.Substring(1);

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    private static bool HasMemberNamedId(INamedTypeSymbol user)
    {
        for (var current = user; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers("Id").IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <c>[LoginId]</c> goes: the property, the field when it declares only this variable (an attribute there would
    /// mark its neighbours too), or the parameter of a positional record, as <c>[property: LoginId]</c>.
    /// </summary>
    private static SyntaxNode? MarkableDeclaration(SyntaxNode declared) => declared switch
    {
        PropertyDeclarationSyntax property => property,
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
        ParameterSyntax { Parent.Parent: RecordDeclarationSyntax } parameter => parameter,
        _ => null,
    };

    private static async Task<Document> AddIdAsync(Document document, TypeDeclarationSyntax declaration, ITypeSymbol idType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);

        // A reference type needs a value where nullable annotations are on (CS8618): "" for a string.
        var property = SyntaxFactory.PropertyDeclaration(Cleanup.Type(idType), "Id")
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
            .WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.List(new[]
            {
                SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
                SyntaxFactory.AccessorDeclaration(SyntaxKind.InitAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
            })));
        if (idType.IsReferenceType)
        {
            ExpressionSyntax value = idType.SpecialType == SpecialType.System_String
                ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(""))
                : SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression));
            property = property
                .WithInitializer(SyntaxFactory.EqualsValueClause(value))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        }

        var fixedRoot = root!.ReplaceNode(declaration, TypeBodies.Add(declaration, property, first: true));
        return await Cleanup.RunAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> MarkAsync(Document document, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var marked = declaration is ParameterSyntax
            ? AttributeEdits.AddInline(declaration, AttributeEdits.List("global::Login.LoginId", SyntaxKind.PropertyKeyword))
            : AttributeEdits.AddAbove(declaration, AttributeEdits.List("global::Login.LoginId"), AttributeEdits.EndOfLineOf(root!));
        return await Cleanup.RunAsync(document.WithSyntaxRoot(root!.ReplaceNode(declaration, marked)), cancellationToken).ConfigureAwait(false);
    }
}
