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
/// LOGIN007: adds <c>[LoginRequired]</c> to a handler that takes the user, so an anonymous request is sent to log in
/// instead of failing parameter binding: on the lambda (<c>[LoginRequired] (User user) =&gt; ...</c>), or on the method or
/// local function passed as a method group, above its declaration. Adds <c>using Login;</c> when the file lacks it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserParameterOnUnguardedHandlerFix)), Shared]
public sealed class UserParameterOnUnguardedHandlerFix : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.UserParameterOnUnguardedHandler + ".AddLoginRequired";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UserParameterOnUnguardedHandler);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // Reported from the parameter's type to its name.
            var parameter = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<ParameterSyntax>();
            if (parameter is null || HandlerOf(parameter) is not { } handler)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add [LoginRequired] to the handler", ct => AddLoginRequiredAsync(context.Document, handler, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The lambda, method or local function the parameter belongs to; an anonymous method cannot carry attributes.</summary>
    private static SyntaxNode? HandlerOf(ParameterSyntax parameter) => parameter.Parent switch
    {
        SimpleLambdaExpressionSyntax lambda => lambda,
        ParameterListSyntax { Parent: ParenthesizedLambdaExpressionSyntax or MethodDeclarationSyntax or LocalFunctionStatementSyntax } list => list.Parent,
        _ => null,
    };

    private static async Task<Document> AddLoginRequiredAsync(Document document, SyntaxNode handler, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var attribute = AttributeEdits.List("global::Login.LoginRequired");
        var guarded = handler switch
        {
            SimpleLambdaExpressionSyntax lambda => AttributeEdits.AddInline(Parenthesized(lambda), attribute),
            ParenthesizedLambdaExpressionSyntax lambda => AttributeEdits.AddInline(lambda, attribute),
            _ => AttributeEdits.AddAbove(handler, attribute, AttributeEdits.EndOfLineOf(root!)),
        };
        return await Cleanup.RunAsync(document.WithSyntaxRoot(root!.ReplaceNode(handler, guarded)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>x =&gt; ...</c> as <c>(x) =&gt; ...</c>: only a parenthesized parameter list can follow a lambda's attributes.</summary>
    internal static ParenthesizedLambdaExpressionSyntax Parenthesized(SimpleLambdaExpressionSyntax lambda)
    {
        var parameter = lambda.Parameter;
        return SyntaxFactory.ParenthesizedLambdaExpression(
                lambda.Modifiers,
                SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter.WithoutTrivia()))
                    .WithOpenParenToken(SyntaxFactory.Token(SyntaxKind.OpenParenToken).WithLeadingTrivia(parameter.GetLeadingTrivia()))
                    .WithCloseParenToken(SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(parameter.GetTrailingTrivia())),
                lambda.Block,
                lambda.ExpressionBody)
            .WithArrowToken(lambda.ArrowToken);
    }
}
