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
/// LOGIN004: marks <c>[UserLoader]</c> a static method that already loads the user from its id but lacks the attribute
/// (offered first, one fix per method, so <c>dotnet format</c> applies it), or adds a <c>[UserLoader]</c> stub to the
/// <c>[LoginUser]</c> type itself, where the user is already looking (no new class to name or file to create), taking the
/// id as the type Login stores it in and returning the user or null. The stub throws, so it carries a <c>#warning</c>
/// that keeps the build from being clean until it is written. The first fix is under the key
/// <c>LOGIN004.Recommended</c> (see <see cref="RankedFixes"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserTypeHasNoLoaderFix)), Shared]
public sealed class UserTypeHasNoLoaderFix : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.UserTypeHasNoLoader + ".AddLoader";

    // Followed by the method's name: fixing all marks the method of that name for each type, never some other method.
    private const string MarkMethodKeyPrefix = DiagnosticIds.UserTypeHasNoLoader + ".MarkUserLoader.";

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

            var ranked = new RankedFixes(context, diagnostic, DiagnosticIds.UserTypeHasNoLoader);

            // First (what dotnet format applies): a method that already is the loader in all but the attribute.
            foreach (var method in UserLoaders.Unmarked(user, reported.Model.Compilation, context.CancellationToken))
            {
                var syntax = method.DeclaringSyntaxReferences[0];
                if (document.Project.Solution.GetDocument(syntax.SyntaxTree) is not { } target
                    || await syntax.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax methodDeclaration)
                {
                    continue;
                }

                var where = SymbolEqualityComparer.Default.Equals(method.ContainingType, user) ? method.Name : $"{method.ContainingType.Name}.{method.Name}";
                ranked.Add($"Mark '{where}' [UserLoader]", ct => MarkAsync(target, methodDeclaration, ct), MarkMethodKeyPrefix + method.Name);
            }

            if (!CanHoldLoader(user))
            {
                continue;
            }

            var name = LoaderName(user);
            ranked.Add($"Add a [UserLoader] '{name}' to '{user.Name}'", ct => AddLoaderAsync(document, declaration, user, name, ct), EquivalenceKey);
        }
    }

    /// <summary>The text of the stub's <c>#warning</c>: what to do, and where.</summary>
    internal static string WarningText(string user, string loader) =>
        $"Login: write {user}.{loader}, the [UserLoader] stub LOGIN004's fix added: it throws until it returns the {user} with this id, or null";

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

    private static async Task<Document> MarkAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var marked = AttributeEdits.AddAbove(method, AttributeEdits.List("global::Login.UserLoader"), AttributeEdits.EndOfLineOf(root!));
        return await Cleanup.RunAsync(document.WithSyntaxRoot(root!.ReplaceNode(method, marked)), cancellationToken).ConfigureAwait(false);
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
        var task = $"Return the {user.Name} with this id, or null if there is none.";
        var message = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(task));

        // The stub throws, so the build must not look finished: #warning (CS1030) warns at every build until the stub is
        // written, and fails one that treats warnings as errors. [Obsolete] would warn only where the stub is called,
        // which is in generated code, where warnings are not shown.
        var warning = SyntaxFactory.ParseLeadingTrivia($"#warning {WarningText(user.Name, name)}").Add(endOfLine);
        var body = SyntaxFactory.ThrowStatement(SyntaxFactory.ObjectCreationExpression(Cleanup.Type(notImplemented))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(message)))))
            .WithLeadingTrivia(warning);
        var loader = SyntaxFactory.MethodDeclaration(returnType, name)
            .WithAttributeLists(SyntaxFactory.SingletonList(AttributeEdits.List("global::Login.UserLoader").WithTrailingTrivia(endOfLine)))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier("id")).WithType(Cleanup.Type(idType)))))
            .WithBody(SyntaxFactory.Block(body));

        var fixedRoot = root!.ReplaceNode(declaration, TypeBodies.Add(declaration, loader, first: false, blankLineBefore: endOfLine));
        return await Cleanup.RunAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false);
    }
}
