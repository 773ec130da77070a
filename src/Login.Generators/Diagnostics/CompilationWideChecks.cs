using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators.Diagnostics;

/// <summary>
/// The checks only the whole compilation can answer, for one compilation: LOGIN006 (is this the first <c>[UserLoader]</c>
/// of its user type?) and LOGIN009 (is this method passed to some <c>Map*</c> call?). The analyzer's symbol and operation actions, which run concurrently, record what they see here;
/// the compilation end action reports.
/// </summary>
internal sealed class CompilationWideChecks(KnownTypes known)
{
    private readonly ConcurrentBag<UserLoader> _userLoaders = new();
    private readonly ConcurrentDictionary<string, byte> _handlerMethods = new();
    private readonly ConcurrentBag<GuardAttributeSite> _guardSites = new();
    private readonly ConcurrentDictionary<ISymbol, byte> _reportedParameters = new(SymbolEqualityComparer.Default);

    /// <summary>A usable <c>[UserLoader]</c> (one that <see cref="LoaderParser.Read"/> compiles), for LOGIN006.</summary>
    public void AddUserLoader(IMethodSymbol method, Location site)
    {
        var userType = LoaderParser.LoadedType(method, known)!;
        _userLoaders.Add(new UserLoader(userType.ToFullyQualifiedNonNullable(), userType.ToDisplayName(), LoaderParser.DisplayName(method), site));
    }

    public void AddHandlerMethod(string? key)
    {
        if (key is not null)
        {
            _handlerMethods.TryAdd(key, 0);
        }
    }

    public void AddGuardSite(GuardAttributeSite site) => _guardSites.Add(site);

    /// <summary>Whether a LOGIN007 at this parameter is the first: a method group mapped twice would be reported twice.</summary>
    public bool FirstReport(IParameterSymbol parameter) => _reportedParameters.TryAdd(parameter, 0);

    public void Report(CompilationAnalysisContext context)
    {
        ReportDuplicateUserLoaders(context);

        foreach (var site in _guardSites)
        {
            if (site.HandlerMethod is null || !_handlerMethods.ContainsKey(site.HandlerMethod))
            {
                context.ReportDiagnostic(site.Diagnostic);
            }
        }
    }

    /// <summary>
    /// LOGIN006 for every <c>[UserLoader]</c> of a type but the first in source order (the compilation's order of files,
    /// then position), which is the one the generator registers.
    /// </summary>
    private void ReportDuplicateUserLoaders(CompilationAnalysisContext context)
    {
        if (_userLoaders.IsEmpty)
        {
            return;
        }

        var fileOrder = new Dictionary<SyntaxTree, int>();
        foreach (var tree in context.Compilation.SyntaxTrees)
        {
            fileOrder[tree] = fileOrder.Count;
        }

        var inSourceOrder = _userLoaders
            .OrderBy(loader => loader.Site.SourceTree is { } tree && fileOrder.TryGetValue(tree, out var index) ? index : int.MaxValue)
            .ThenBy(loader => loader.Site.SourceSpan.Start);
        var first = new Dictionary<string, UserLoader>();
        foreach (var loader in inSourceOrder)
        {
            if (first.TryGetValue(loader.UserType, out var existing))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateUserLoader, loader.Site, loader.MethodDisplayName, loader.UserDisplayName, existing.MethodDisplayName));
            }
            else
            {
                first.Add(loader.UserType, loader);
            }
        }
    }

    private sealed record UserLoader(string UserType, string UserDisplayName, string MethodDisplayName, Location Site);
}
