using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Login.CodeFixes.Editing;

/// <summary>
/// Registers a diagnostic's fixes best first, the first under the diagnostic's "recommended" equivalence key
/// (<c>LOGIN004.Recommended</c>) and the rest under their own. <c>dotnet format</c> takes the first fix of the first
/// diagnostic it finds and applies the fix of that key to every diagnostic of the id (fix all): under the recommended key,
/// that is each diagnostic's own best fix (a stub for a type with nothing to go on, the unmarked loader for the type
/// next to it), not the first type's kind of fix forced on all of them. Fixing all from an IDE's light bulb does the same.
/// </summary>
internal sealed class RankedFixes(CodeFixContext context, Diagnostic diagnostic, string diagnosticId)
{
    private bool _first = true;

    public static string RecommendedKey(string diagnosticId) => diagnosticId + ".Recommended";

    public void Add(string title, Func<CancellationToken, Task<Document>> fix, string equivalenceKey)
    {
        context.RegisterCodeFix(CodeAction.Create(title, fix, _first ? RecommendedKey(diagnosticId) : equivalenceKey), diagnostic);
        _first = false;
    }
}
