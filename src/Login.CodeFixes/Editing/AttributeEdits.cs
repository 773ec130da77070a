using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.CodeFixes.Editing;

/// <summary>Puts one of Login's attributes in front of a declaration, where a user would have typed it.</summary>
internal static class AttributeEdits
{
    /// <summary>
    /// <c>[name]</c> or <c>[target: name]</c>, with the name written in full (<c>global::Login.LoginId</c>) and annotated
    /// so that <see cref="Cleanup"/> adds <c>using Login;</c> where it is missing and shortens the name to what the file
    /// can say.
    /// </summary>
    public static AttributeListSyntax List(string qualifiedName, SyntaxKind? target = null)
    {
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(Cleanup.Name(qualifiedName))));
        return target is { } keyword
            ? list.WithTarget(SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(keyword)).WithTrailingTrivia(SyntaxFactory.Space))
            : list;
    }

    /// <summary>
    /// On a line of its own above a method, local function, property or field, before any attribute it has: the
    /// declaration's leading trivia (blank lines, a doc comment) moves above the new line, its indentation is repeated.
    /// </summary>
    public static SyntaxNode AddAbove(SyntaxNode declaration, AttributeListSyntax list, SyntaxTrivia endOfLine)
    {
        var first = declaration.GetFirstToken();
        var placed = list.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(endOfLine);
        var rest = declaration.ReplaceToken(first, first.WithLeadingTrivia(Indentation(first.LeadingTrivia)));
        return WithFirstList(rest, placed);
    }

    /// <summary>On the same line, in front of a lambda or a parameter.</summary>
    public static SyntaxNode AddInline(SyntaxNode node, AttributeListSyntax list)
    {
        var first = node.GetFirstToken();
        var placed = list.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);
        return WithFirstList(node.ReplaceToken(first, first.WithLeadingTrivia()), placed);
    }

    /// <summary>The file's own line break, so an added line does not mix <c>\n</c> into a <c>\r\n</c> file.</summary>
    public static SyntaxTrivia EndOfLineOf(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.ElasticCarriageReturnLineFeed;
    }

    private static SyntaxNode WithFirstList(SyntaxNode node, AttributeListSyntax list) => node switch
    {
        MemberDeclarationSyntax member => member.WithAttributeLists(member.AttributeLists.Insert(0, list)),
        LocalFunctionStatementSyntax function => function.WithAttributeLists(function.AttributeLists.Insert(0, list)),
        ParenthesizedLambdaExpressionSyntax lambda => lambda.WithAttributeLists(lambda.AttributeLists.Insert(0, list)),
        ParameterSyntax parameter => parameter.WithAttributeLists(parameter.AttributeLists.Insert(0, list)),
        _ => throw new ArgumentException($"{node.Kind()} cannot carry attributes here.", nameof(node)),
    };

    /// <summary>The whitespace after the last line break of a leading trivia: the declaration's indentation.</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        var start = leading.Count;
        while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        var indentation = SyntaxFactory.TriviaList();
        for (var i = start; i < leading.Count; i++)
        {
            indentation = indentation.Add(leading[i]);
        }

        return indentation;
    }
}
