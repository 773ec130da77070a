using System.Collections.Generic;
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
/// LOGIN001: makes a <c>[LoginUser]</c> type <c>partial</c>, and every type it is nested in, since C# lets the generator
/// add to a nested type only when the whole chain is partial.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserTypeNotPartialFix)), Shared]
public sealed class UserTypeNotPartialFix : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.UserTypeNotPartial + ".AddPartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UserTypeNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // Reported at the name of the part that carries [LoginUser].
            if (ReportedAt.TypeName(root, diagnostic) is not { } declaration)
            {
                continue;
            }

            var notPartial = NotPartial(declaration);
            if (notPartial.Count == 0)
            {
                continue;
            }

            var names = string.Join(" and ", notPartial.Select(type => $"'{type.Identifier.ValueText}'").Reverse());
            context.RegisterCodeFix(
                CodeAction.Create($"Make {names} partial", ct => AddPartialAsync(context.Document, notPartial, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The type and the types containing it that lack <c>partial</c>, innermost first.</summary>
    private static List<TypeDeclarationSyntax> NotPartial(TypeDeclarationSyntax declaration)
    {
        var types = new List<TypeDeclarationSyntax>();
        for (SyntaxNode? node = declaration; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                types.Add(type);
            }
        }

        return types;
    }

    private static async Task<Document> AddPartialAsync(Document document, List<TypeDeclarationSyntax> types, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        // C# wants `partial` right before the keyword (`public static partial class`), so after every other modifier.
        var fixedRoot = root!.ReplaceNodes(
            types,
            (_, rewritten) => ModifierEdits.Insert(rewritten, rewritten.Modifiers.Count, SyntaxKind.PartialKeyword));
        return document.WithSyntaxRoot(fixedRoot);
    }
}
