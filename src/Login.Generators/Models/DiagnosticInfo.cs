using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Login.Generators.Models;

/// <summary>
/// A place in the user's source: the tree and the span. Kept instead of a <see cref="Location"/> so diagnostics
/// models stay equatable, and turned back into a real source location (one <c>#pragma</c> can suppress) on report.
/// Only the diagnostics pipelines hold these; the models that emit code do not.
/// </summary>
internal readonly record struct SourceSite(SyntaxTree Tree, TextSpan Span)
{
    public static SourceSite Of(SyntaxToken token) => new(token.SyntaxTree!, token.Span);

    public static SourceSite Of(SyntaxNode node) => new(node.SyntaxTree, node.Span);

    public Location ToLocation() => Location.Create(Tree, Span);
}

/// <summary>A diagnostic to report, in an equatable form.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, SourceSite Site, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSite site, params string[] args) =>
        new(descriptor, site, args.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var args = new object[MessageArgs.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = MessageArgs[i];
        }

        return Diagnostic.Create(Descriptor, Site.ToLocation(), args);
    }
}
