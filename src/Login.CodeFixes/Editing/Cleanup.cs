using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Login.CodeFixes.Editing;

/// <summary>
/// The fixes write every name in full and leave it to this step to add the <c>using</c>s a file lacks and shorten
/// the names to what the file can say, as a user would have written them. Done here, explicitly and in this order
/// (imports first, so the shortening can use them), so the result does not depend on how a host cleans up after a
/// code action.
/// </summary>
internal static class Cleanup
{
    private static readonly SyntaxAnnotation[] Annotations = { Simplifier.Annotation, Simplifier.AddImportsAnnotation };

    /// <summary>
    /// One of Login's names written in full (<c>global::Login.LoginRequired</c>), marked to be imported and shortened:
    /// <c>[LoginRequired]</c> with <c>using Login;</c> is how the README writes it.
    /// </summary>
    public static NameSyntax Name(string qualifiedName) =>
        SyntaxFactory.ParseName(qualifiedName).WithAdditionalAnnotations(Annotations);

    /// <summary>
    /// A type written in full, shortened only as far as the file's <c>using</c>s allow (<c>System.Guid</c> in a file
    /// without <c>using System;</c>): a user's own types and the framework's are the user's to import, unlike Login's
    /// attributes, which a file that uses Login is expected to import.
    /// </summary>
    public static TypeSyntax Type(ITypeSymbol type) =>
        SyntaxFactory.ParseTypeName(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>Adds the missing <c>using</c>s, shortens the marked names, and formats what was marked for formatting.</summary>
    public static async Task<Document> RunAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
