using Microsoft.CodeAnalysis;
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

    public static MethodDeclarationSyntax? MethodName(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is MethodDeclarationSyntax declaration
        && declaration.Identifier.Span == diagnostic.Location.SourceSpan
            ? declaration
            : null;
}
