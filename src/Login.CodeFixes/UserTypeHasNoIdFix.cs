using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Login.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes;

/// <summary>
/// LOGIN002: gives a <c>[LoginUser]</c> type an id, either a new <c>public int Id { get; init; }</c> (offered first, so it
/// is what <c>dotnet format</c> applies: it changes the meaning of nothing the user wrote) or <c>[LoginId]</c> on one of
/// the members that could be the id, one fix per member.
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

            // A static Id, a method or a nested type called Id would clash with the new property.
            if (!HasMemberNamedId(user))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Add 'public int Id { get; init; }'", ct => AddIdAsync(document, declaration, ct), AddIdKey),
                    diagnostic);
            }

            foreach (var member in UserIds.Candidates(user, reported.Model.Compilation))
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

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use '{member.Name}' as the id: mark it [LoginId]",
                        ct => MarkAsync(target, markable, ct),
                        MarkMemberKeyPrefix + member.Name),
                    diagnostic);
            }
        }
    }

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

    private static async Task<Document> AddIdAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var id = (MemberDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("public int Id { get; init; }")!;
        var fixedRoot = root!.ReplaceNode(declaration, TypeBodies.Add(declaration, id, first: true));
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
