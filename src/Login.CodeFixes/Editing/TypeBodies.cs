using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Login.CodeFixes.Editing;

/// <summary>Adds members to a type declaration, including one written without a body (<c>public record User(string Email);</c>).</summary>
internal static class TypeBodies
{
    /// <summary>
    /// Adds <paramref name="member"/> first (<paramref name="first"/>) or last, formatted to the type's indentation, and
    /// set off from the member before it by a blank line when <paramref name="blankLineBefore"/> (the file's line break)
    /// is given.
    /// </summary>
    public static TypeDeclarationSyntax Add(TypeDeclarationSyntax type, MemberDeclarationSyntax member, bool first, SyntaxTrivia blankLineBefore = default)
    {
        var setOff = !first && type.Members.Count > 0 && blankLineBefore.IsKind(SyntaxKind.EndOfLineTrivia);
        if (type.OpenBraceToken.IsKind(SyntaxKind.None))
        {
            // `record User(string Email);` has a semicolon where the body goes: give it braces.
            var semicolon = type.SemicolonToken;
            type = type
                .WithSemicolonToken(default)
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithAdditionalAnnotations(Formatter.Annotation))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(semicolon.TrailingTrivia).WithAdditionalAnnotations(Formatter.Annotation));
        }

        member = member
            .WithLeadingTrivia(setOff ? SyntaxFactory.TriviaList(blankLineBefore, SyntaxFactory.ElasticMarker) : SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker))
            .WithTrailingTrivia(SyntaxFactory.ElasticMarker)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return type.WithMembers(first ? type.Members.Insert(0, member) : type.Members.Add(member));
    }
}
