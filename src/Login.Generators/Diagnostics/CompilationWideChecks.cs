using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Login.Generators.Diagnostics;

/// <summary>
/// The checks only the whole compilation can answer, for one compilation: LOGIN006 (is this the first <c>[UserLoader]</c>
/// of its user type?), LOGIN009 (is this method passed to some <c>Map*</c> call?) and LOGIN014 (does another user type
/// have this key?). The analyzer's symbol and operation actions, which run concurrently, record what they see here;
/// the compilation end action reports.
/// </summary>
internal sealed class CompilationWideChecks(KnownTypes known)
{
    private readonly ConcurrentBag<UserLoader> _userLoaders = new();
    private readonly ConcurrentDictionary<string, byte> _handlerMethods = new();
    private readonly ConcurrentBag<GuardAttributeSite> _guardSites = new();
    private readonly ConcurrentDictionary<ISymbol, byte> _reportedParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, byte> _unreachableParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<UserType> _userTypes = new();

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

    /// <summary>Whether a LOGIN015 at this parameter is the first.</summary>
    public bool FirstUnreachableReport(IParameterSymbol parameter) => _unreachableParameters.TryAdd(parameter, 0);

    /// <summary>A <c>[LoginUser]</c> type and the attribute that marks it, for LOGIN014.</summary>
    public void AddUserType(INamedTypeSymbol type, AttributeData loginUser, Location site)
    {
        if (UserTypeKeys.KeyOf(type, loginUser) is { } key)
        {
            _userTypes.Add(new UserType(key, type.ToDisplayString(), site));
        }
    }

    public void Report(CompilationAnalysisContext context)
    {
        ReportDuplicateUserLoaders(context);
        ReportUnusableKeys(context);

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

        var first = new Dictionary<string, UserLoader>();
        foreach (var loader in InSourceOrder(_userLoaders, static loader => loader.Site, context.Compilation))
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

    /// <summary>
    /// LOGIN014 for each key Login cannot record, and for every type whose key an earlier one in source order (the
    /// order of files, then position) has already: reported at the later type's [LoginUser], as LOGIN006 is.
    /// </summary>
    private void ReportUnusableKeys(CompilationAnalysisContext context)
    {
        if (_userTypes.IsEmpty)
        {
            return;
        }

        var first = new Dictionary<string, UserType>(StringComparer.Ordinal);
        foreach (var type in InSourceOrder(_userTypes, static type => type.Site, context.Compilation))
        {
            if (!UserTypeKeys.IsValid(type.Key))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UserTypeKeyUnusable, type.Site, type.Key, type.Name,
                    $"cannot be recorded in a cookie: a key is {UserTypeKeys.Rule}",
                    "name the key in [LoginUser(\"...\")] with those characters only, such as [LoginUser(\"admin\")]"));
            }
            else if (first.TryGetValue(type.Key, out var existing))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UserTypeKeyUnusable, type.Site, type.Key, type.Name,
                    $"is the key of '{existing.Name}' too, so their logins could not be told apart",
                    $"give one of them a key of its own, such as [LoginUser(\"{Suggestion(type)}\")]"));
            }
            else
            {
                first.Add(type.Key, type);
            }
        }
    }

    /// <summary>A key for the later of two types with the same one: its namespace's last part and its name, in lower case.</summary>
    private static string Suggestion(UserType type)
    {
        var parts = type.Name.Split('.');
        var name = parts.Length >= 2 ? parts[parts.Length - 2] + "-" + parts[parts.Length - 1] : type.Key + "-2";
        var key = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.')
            {
                key.Append(c);
            }
        }

        return key.Length is > 0 and <= UserTypeKeys.MaxLength ? key.ToString() : "user-2";
    }

    private static IEnumerable<T> InSourceOrder<T>(IEnumerable<T> items, Func<T, Location> site, Compilation compilation)
    {
        var fileOrder = new Dictionary<SyntaxTree, int>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            fileOrder[tree] = fileOrder.Count;
        }

        return items
            .OrderBy(item => site(item).SourceTree is { } tree && fileOrder.TryGetValue(tree, out var index) ? index : int.MaxValue)
            .ThenBy(item => site(item).SourceSpan.Start);
    }

    private sealed record UserType(string Key, string Name, Location Site);

    private sealed record UserLoader(string UserType, string UserDisplayName, string MethodDisplayName, Location Site);
}
