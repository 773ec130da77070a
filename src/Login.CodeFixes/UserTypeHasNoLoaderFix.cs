using System.Collections.Immutable;
using System.Composition;
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
/// LOGIN004: adds a <c>[UserLoader]</c> stub to the <c>[LoginUser]</c> type itself, where the user is already looking
/// (no new class to name or file to create), taking the id as the type Login stores it in and returning the user or
/// null: <c>[UserLoader] public static User? Load(int id) => throw new NotImplementedException(...)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserTypeHasNoLoaderFix)), Shared]
public sealed class UserTypeHasNoLoaderFix : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.UserTypeHasNoLoader + ".AddLoader";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UserTypeHasNoLoader);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var reported in await ReportedAt.TypesAsync(context).ConfigureAwait(false))
        {
            var (diagnostic, declaration, user) = (reported.Diagnostic, reported.Declaration, reported.Symbol);
            if (!CanHoldLoader(user))
            {
                continue;
            }

            var name = LoaderName(user);
            context.RegisterCodeFix(
                CodeAction.Create($"Add a [UserLoader] '{name}' to '{user.Name}'", ct => AddLoaderAsync(document, declaration, user, name, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Generated code calls the loader from outside the type, so a type that is private or protected (or inside one),
    /// or generic (the loader would need type arguments), cannot hold it.
    /// </summary>
    private static bool CanHoldLoader(INamedTypeSymbol user)
    {
        for (var current = user; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType || current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Load</c>, unless the type (or a base type) already has a member of that name.</summary>
    private static string LoaderName(INamedTypeSymbol user)
    {
        foreach (var candidate in new[] { "Load", "LoadUser", "LoadById" })
        {
            if (IsFree(user, candidate))
            {
                return candidate;
            }
        }

        for (var i = 2; ; i++)
        {
            if (IsFree(user, "Load" + i))
            {
                return "Load" + i;
            }
        }
    }

    private static bool IsFree(INamedTypeSymbol user, string name)
    {
        if (user.Name == name)
        {
            return false;
        }

        for (var current = user; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<Document> AddLoaderAsync(Document document, TypeDeclarationSyntax declaration, INamedTypeSymbol user, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var idType = UserIds.LoaderIdType(user, semanticModel!.Compilation);

        // `User?` says "or null" only where nullable annotations are on; elsewhere the `?` is warning CS8632.
        var position = declaration.CloseBraceToken.IsKind(SyntaxKind.None) ? declaration.Span.End : declaration.CloseBraceToken.SpanStart;
        TypeSyntax returnType = Cleanup.Type(user);
        if ((semanticModel.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0)
        {
            returnType = SyntaxFactory.NullableType(returnType);
        }

        var endOfLine = AttributeEdits.EndOfLineOf(root!);
        var notImplemented = semanticModel.Compilation.GetTypeByMetadataName("System.NotImplementedException")!;
        var message = SyntaxFactory.LiteralExpression(
            SyntaxKind.StringLiteralExpression,
            SyntaxFactory.Literal($"Return the {user.Name} with this id, or null if there is none."));
        var body = SyntaxFactory.ThrowExpression(SyntaxFactory.ObjectCreationExpression(Cleanup.Type(notImplemented))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(message)))));
        var loader = SyntaxFactory.MethodDeclaration(returnType, name)
            .WithAttributeLists(SyntaxFactory.SingletonList(AttributeEdits.List("global::Login.UserLoader").WithTrailingTrivia(endOfLine)))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier("id")).WithType(Cleanup.Type(idType)))))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(body))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        var fixedRoot = root!.ReplaceNode(declaration, TypeBodies.Add(declaration, loader, first: false, blankLineBefore: endOfLine));
        return await Cleanup.RunAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false);
    }
}
