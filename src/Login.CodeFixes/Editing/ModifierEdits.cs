using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes.Editing;

/// <summary>
/// Adds and replaces modifiers in place, touching nothing else: a fix for one keyword should show as that keyword in
/// the diff, not as a reordered or reformatted declaration.
/// </summary>
internal static class ModifierEdits
{
    /// <summary>
    /// Inserts <paramref name="kind"/> before the modifier at <paramref name="index"/>, or after the last one. A
    /// declaration's leading trivia (indentation, a doc comment) stays in front of whatever comes first.
    /// </summary>
    public static MemberDeclarationSyntax Insert(MemberDeclarationSyntax declaration, int index, SyntaxKind kind)
    {
        var token = SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);
        var modifiers = declaration.Modifiers;
        if (index < modifiers.Count)
        {
            var next = modifiers[index];
            return declaration.WithModifiers(modifiers
                .Replace(next, next.WithLeadingTrivia())
                .Insert(index, token.WithLeadingTrivia(next.LeadingTrivia)));
        }

        if (modifiers.Count > 0)
        {
            return declaration.WithModifiers(modifiers.Add(token));
        }

        // No modifiers yet: the token they would go in front of (a keyword, a return type) gives up its leading trivia.
        var first = declaration.AttributeLists.Count > 0
            ? declaration.AttributeLists[declaration.AttributeLists.Count - 1].GetLastToken().GetNextToken()
            : declaration.GetFirstToken();
        return declaration
            .ReplaceToken(first, first.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(token.WithLeadingTrivia(first.LeadingTrivia)));
    }

    /// <summary>
    /// Gives the declaration the accessibility <paramref name="kind"/>: replaces its <c>private</c> or <c>protected</c>,
    /// or, when it has no accessibility modifier, adds one in front.
    /// </summary>
    public static MemberDeclarationSyntax WithAccessibility(MemberDeclarationSyntax declaration, SyntaxKind kind)
    {
        var modifiers = declaration.Modifiers;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].Kind() is SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword)
            {
                return declaration.WithModifiers(modifiers.Replace(modifiers[i], SyntaxFactory.Token(kind).WithTriviaFrom(modifiers[i])));
            }
        }

        return Insert(declaration, 0, kind);
    }

    /// <summary>The position after the accessibility modifiers, where <c>static</c> reads naturally (<c>public static async</c>).</summary>
    public static int AfterAccessibility(SyntaxTokenList modifiers)
    {
        var index = 0;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword)
            {
                index = i + 1;
            }
        }

        return index;
    }
}
