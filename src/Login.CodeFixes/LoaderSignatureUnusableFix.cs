using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Login.CodeFixes.Editing;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace Login.CodeFixes;

/// <summary>
/// LOGIN005: fixes a loader's signature where the fix is mechanical and keeps the body compiling: adds <c>static</c>
/// (when the body uses no instance member), makes the method and the types containing it <c>internal</c> (when generated
/// code cannot reach it), or retypes a <c>[UserLoader]</c>'s id to the type Login stores (when the body still compiles
/// with it). A generic loader, a wrong return
/// type, a missing first parameter or one passed by reference need the user's judgement, so they get no fix. The
/// problem is found as the analyzer finds it, first problem first, since the diagnostic names only the first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoaderSignatureUnusableFix)), Shared]
public sealed class LoaderSignatureUnusableFix : CodeFixProvider
{
    private const string MakeStaticKey = DiagnosticIds.LoaderSignatureUnusable + ".MakeStatic";
    private const string MakeInternalKey = DiagnosticIds.LoaderSignatureUnusable + ".MakeInternal";
    private const string ChangeIdTypeKey = DiagnosticIds.LoaderSignatureUnusable + ".ChangeIdType";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LoaderSignatureUnusable);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var reported in await ReportedAt.MethodsAsync(context).ConfigureAwait(false))
        {
            if (FixFor(context.Document, reported.Declaration, reported.Symbol, reported.Model, context.CancellationToken) is { } fix
                && (fix.EquivalenceKey != ChangeIdTypeKey || await KeepsCompilingAsync(fix, context.Document, reported.Declaration, context.CancellationToken).ConfigureAwait(false)))
            {
                context.RegisterCodeFix(fix, reported.Diagnostic);
            }
        }
    }

    /// <summary>The fix for the first problem the analyzer finds (its order: static, reachable, generic, return type, id), if it is mechanical.</summary>
    private static CodeAction? FixFor(
        Document document, MethodDeclarationSyntax declaration, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!method.IsStatic)
        {
            return CanBeStatic(declaration, method, semanticModel, cancellationToken)
                ? CodeAction.Create(
                    $"Make '{method.Name}' static",
                    ct => ReplaceAsync(document, declaration, ModifierEdits.Insert(declaration, ModifierEdits.AfterAccessibility(declaration.Modifiers), SyntaxKind.StaticKeyword), ct),
                    MakeStaticKey)
                : null;
        }

        var hidden = Hidden(method);
        if (hidden.Count > 0)
        {
            return declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
                ? null
                : CodeAction.Create(
                    $"Make {string.Join(" and ", hidden.Select(symbol => $"'{symbol.Name}'"))} internal",
                    ct => MakeInternalAsync(document, declaration, method, ct),
                    MakeInternalKey);
        }

        var known = KnownTypes.For(semanticModel.Compilation);
        if (method.IsGenericMethod || method.Parameters.Length == 0 || !method.HasAttribute(known.UserLoaderAttribute)
            || LoaderParser.LoadedType(method, known) is not INamedTypeSymbol user || !user.HasAttribute(known.LoginUserAttribute))
        {
            return null;
        }

        var id = method.Parameters[0];
        if (id.RefKind != RefKind.None || id.Type.SpecialType == SpecialType.System_String
            || id.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not ParameterSyntax { Type: { } written })
        {
            return null;
        }

        // Default equality ignores nullable annotations (Name? for Name), not Nullable<T> (int? for int), as the analyzer's.
        var stored = UserIds.StoredIdType(user, semanticModel.Compilation);
        ITypeSymbol? wanted = stored is not null
            ? (SymbolEqualityComparer.Default.Equals(id.Type, stored) ? null : stored)
            : (LoaderParser.ParsesItself(id.Type, known) ? null : semanticModel.Compilation.GetSpecialType(SpecialType.System_String));
        if (wanted is null)
        {
            return null;
        }

        return CodeAction.Create(
            $"Take the id '{id.Name}' as '{wanted.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'",
            async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                var retyped = root!.ReplaceNode(written, Cleanup.Type(wanted).WithTriviaFrom(written));
                return await Cleanup.RunAsync(document.WithSyntaxRoot(retyped), ct).ConfigureAwait(false);
            },
            ChangeIdTypeKey);
    }

    /// <summary>
    /// Whether retyping the id leaves the loader compiling: a body that uses the id as what it was (a <c>Guid</c> key into
    /// a dictionary) would get an error where it had none (issue 19: CS1503 after the fix), and is the user's to rewrite.
    /// The method's errors before and after are compared, so a body that did not compile before does not hide the fix.
    /// </summary>
    private static async Task<bool> KeepsCompilingAsync(CodeAction fix, Document document, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var before = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var errorsBefore = before!.GetDiagnostics(declaration.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);

        var operations = await fix.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        if (operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution.GetDocument(document.Id) is not { } retyped)
        {
            return false;
        }

        var root = await retyped.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var after = await retyped.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var method = root!.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Identifier.ValueText == declaration.Identifier.ValueText && m.SpanStart == declaration.SpanStart);
        return method is not null
            && after!.GetDiagnostics(method.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error) <= errorsBefore;
    }

    /// <summary>
    /// Whether adding <c>static</c> leaves the method compiling: it must not override or implement anything, must have a
    /// body, and that body must not use <c>this</c>, said or implied.
    /// </summary>
    private static bool CanBeStatic(MethodDeclarationSyntax declaration, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsPartialDefinition || method.PartialImplementationPart is not null
            || method.PartialDefinitionPart is not null || !method.ExplicitInterfaceImplementations.IsEmpty
            || method.ContainingType.TypeKind == TypeKind.Interface
            || (declaration.Body is null && declaration.ExpressionBody is null))
        {
            return false;
        }

        foreach (var implemented in method.ContainingType.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return false;
                }
            }
        }

        return semanticModel.GetOperation(declaration, cancellationToken) is { } body
            && !body.Descendants().Any(operation => operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
    }

    private static bool IsHidden(ISymbol symbol) => symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected;

    /// <summary>The method and the types around it, innermost first, that generated code cannot see.</summary>
    private static List<ISymbol> Hidden(IMethodSymbol method)
    {
        var hidden = new List<ISymbol>();
        for (ISymbol? current = method; current is not null; current = current.ContainingType)
        {
            if (IsHidden(current))
            {
                hidden.Add(current);
            }
        }

        return hidden;
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(old, replacement));
    }

    /// <summary>
    /// <c>internal</c> on the method and on every private or protected type around it. A type declared in parts takes
    /// it on each part that states an accessibility (they must agree), or on the part around the method if none does.
    /// </summary>
    private static async Task<Solution> MakeInternalAsync(Document document, MethodDeclarationSyntax declaration, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(document.Project.Solution);
        if (IsHidden(method))
        {
            var methodEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            methodEditor.ReplaceNode(declaration, (current, _) => ModifierEdits.WithAccessibility((MemberDeclarationSyntax)current, SyntaxKind.InternalKeyword));
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsHidden(type))
            {
                continue;
            }

            var parts = type.DeclaringSyntaxReferences
                .Select(reference => (TypeDeclarationSyntax)reference.GetSyntax(cancellationToken))
                .ToList();
            var stating = parts.Where(part => part.Modifiers.Any(m => m.Kind() is SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword)).ToList();
            if (stating.Count == 0)
            {
                stating.Add(parts.First(part => part.SyntaxTree == declaration.SyntaxTree && part.Span.Contains(declaration.Span)));
            }

            foreach (var part in stating)
            {
                var partDocument = document.Project.Solution.GetDocument(part.SyntaxTree);
                if (partDocument is null)
                {
                    continue;
                }

                var partEditor = await editor.GetDocumentEditorAsync(partDocument.Id, cancellationToken).ConfigureAwait(false);
                partEditor.ReplaceNode(part, (current, _) => ModifierEdits.WithAccessibility((MemberDeclarationSyntax)current, SyntaxKind.InternalKeyword));
            }
        }

        return editor.GetChangedSolution();
    }
}
