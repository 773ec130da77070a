using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators.Diagnostics;

/// <summary>
/// The user types the project's loaders return, for LOGIN004, found once per compilation when the first
/// <c>[LoginUser]</c> type is analysed. LOGIN004 could wait for the end of the compilation, having seen every method, but
/// an IDE reports such diagnostics only with full-solution analysis on, and the user who forgot the loader would see
/// neither the error nor its light bulb (the code fix that writes the loader) as they type. So the loaders are found
/// here instead, from the declarations alone: the methods whose attributes may name a loader attribute (by name, or by
/// an alias of one), then only those methods' symbols, by name, to confirm the attribute and read the type returned.
/// Method bodies are never walked and nothing is bound but those attributes.
/// </summary>
internal sealed class LoadedTypes(Compilation compilation, KnownTypes known)
{
    private static readonly string[] AttributeNames = { "UserLoader", "RequestLoader", "HeaderLoader" };

    private readonly object _gate = new();
    private HashSet<string>? _loaded;

    /// <summary>Whether some <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c>, usable or not, returns this type.</summary>
    public bool IsLoaded(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // Not Lazy<T>: it would keep a cancellation for good. A cancelled search leaves nothing behind, and the next asks again.
        lock (_gate)
        {
            _loaded ??= Find(cancellationToken);
            return _loaded.Contains(type.ToFullyQualifiedNonNullable());
        }
    }

    private HashSet<string> Find(CancellationToken cancellationToken)
    {
        var attributeNames = new HashSet<string>(AttributeNames, StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            AddAliases(tree.GetRoot(cancellationToken), attributeNames);
        }

        var methodNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            AddLoaderNames(tree.GetRoot(cancellationToken), attributeNames, methodNames, cancellationToken);
        }

        var loaded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in methodNames)
        {
            var symbols = name[0] == '.'
                ? compilation.GetSymbolsWithName(member => member.EndsWith(name, StringComparison.Ordinal), SymbolFilter.Member, cancellationToken)
                : compilation.GetSymbolsWithName(name, SymbolFilter.Member, cancellationToken);
            foreach (var symbol in symbols)
            {
                if (symbol is IMethodSymbol method && IsLoader(method) && LoaderParser.LoadedType(method, known) is { } userType)
                {
                    loaded.Add(userType.ToFullyQualifiedNonNullable());
                }
            }
        }

        return loaded;
    }

    private bool IsLoader(IMethodSymbol method) =>
        method.HasAttribute(known.UserLoaderAttribute) || method.HasAttribute(known.RequestLoaderAttribute) || method.HasAttribute(known.HeaderLoaderAttribute);

    /// <summary><c>using L = Login.UserLoaderAttribute;</c> (global or not): <c>[L]</c> names a loader attribute too.</summary>
    private static void AddAliases(SyntaxNode node, HashSet<string> attributeNames)
    {
        var usings = node switch
        {
            CompilationUnitSyntax unit => unit.Usings,
            BaseNamespaceDeclarationSyntax space => space.Usings,
            _ => default,
        };
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias && directive.NamespaceOrType is { } target && NamesLoaderAttribute(target))
            {
                attributeNames.Add(alias.Name.Identifier.ValueText);
            }
        }

        var members = node switch
        {
            CompilationUnitSyntax unit => unit.Members,
            BaseNamespaceDeclarationSyntax space => space.Members,
            _ => default,
        };
        foreach (var member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax)
            {
                AddAliases(member, attributeNames);
            }
        }
    }

    /// <summary>The names of the methods, in the namespaces and types of a file, with an attribute that may be a loader attribute.</summary>
    private static void AddLoaderNames(SyntaxNode node, HashSet<string> attributeNames, HashSet<string> methodNames, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = node switch
        {
            CompilationUnitSyntax unit => unit.Members,
            BaseNamespaceDeclarationSyntax space => space.Members,
            TypeDeclarationSyntax type => type.Members,
            _ => default,
        };
        foreach (var member in members)
        {
            if (member is MethodDeclarationSyntax method)
            {
                if (HasLoaderAttribute(method, attributeNames))
                {
                    // An explicit interface implementation's symbol is named after its interface too (LOGIN005 tells the user it
                    // cannot be a loader; it still counts as one here, as everywhere).
                    methodNames.Add(method.ExplicitInterfaceSpecifier is null ? method.Identifier.ValueText : "." + method.Identifier.ValueText);
                }
            }
            else if (member is BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            {
                AddLoaderNames(member, attributeNames, methodNames, cancellationToken);
            }
        }
    }

    private static bool HasLoaderAttribute(MethodDeclarationSyntax method, HashSet<string> attributeNames)
    {
        foreach (var list in method.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (attributeNames.Contains(WithoutSuffix(SimpleName(attribute.Name))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NamesLoaderAttribute(TypeSyntax target) =>
        Array.IndexOf(AttributeNames, WithoutSuffix(SimpleName(target))) >= 0;

    private static string SimpleName(TypeSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => name.ToString(),
    };

    private static string WithoutSuffix(string name) =>
        name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
}
