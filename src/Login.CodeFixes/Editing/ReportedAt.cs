using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes.Editing;

/// <summary>
/// Finds what a diagnostic is about. Login reports its type and loader diagnostics at the declaration's name, so a fix
/// takes the declaration whose identifier is exactly the diagnostic's span, and nothing else.
/// </summary>
internal static class ReportedAt
{
    public static TypeDeclarationSyntax? TypeName(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax declaration
        && declaration.Identifier.Span == diagnostic.Location.SourceSpan
            ? declaration
            : null;

    /// <summary>The types the context's diagnostics name, each with its symbol.</summary>
    public static Task<IReadOnlyList<Reported<TypeDeclarationSyntax, INamedTypeSymbol>>> TypesAsync(CodeFixContext context) =>
        FindAsync<TypeDeclarationSyntax, INamedTypeSymbol>(context, TypeName, static (model, declaration, ct) => model.GetDeclaredSymbol(declaration, ct));

    /// <summary>The methods the context's diagnostics name, each with its symbol.</summary>
    public static Task<IReadOnlyList<Reported<MethodDeclarationSyntax, IMethodSymbol>>> MethodsAsync(CodeFixContext context) =>
        FindAsync<MethodDeclarationSyntax, IMethodSymbol>(
            context,
            static (root, diagnostic) =>
                root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is MethodDeclarationSyntax declaration
                && declaration.Identifier.Span == diagnostic.Location.SourceSpan
                    ? declaration
                    : null,
            static (model, declaration, ct) => model.GetDeclaredSymbol(declaration, ct));

    private static async Task<IReadOnlyList<Reported<TSyntax, TSymbol>>> FindAsync<TSyntax, TSymbol>(
        CodeFixContext context,
        System.Func<SyntaxNode?, Diagnostic, TSyntax?> find,
        System.Func<SemanticModel, TSyntax, System.Threading.CancellationToken, TSymbol?> declared)
        where TSyntax : SyntaxNode
        where TSymbol : class, ISymbol
    {
        var reported = new List<Reported<TSyntax, TSymbol>>();
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return reported;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (find(root, diagnostic) is { } declaration && declared(model, declaration, context.CancellationToken) is { } symbol)
            {
                reported.Add(new Reported<TSyntax, TSymbol>(diagnostic, declaration, symbol, model));
            }
        }

        return reported;
    }
}

/// <summary>A diagnostic, the declaration it names, that declaration's symbol, and the semantic model they came from.</summary>
internal sealed class Reported<TSyntax, TSymbol>(Diagnostic diagnostic, TSyntax declaration, TSymbol symbol, SemanticModel model)
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    public TSyntax Declaration { get; } = declaration;

    public TSymbol Symbol { get; } = symbol;

    public SemanticModel Model { get; } = model;
}
