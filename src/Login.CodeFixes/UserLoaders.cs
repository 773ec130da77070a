using System;
using System.Collections.Generic;
using System.Threading;
using Login.Generators.Models;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Login.CodeFixes;

/// <summary>
/// The loaders of a user type as the LOGIN002 and LOGIN004 fixes need them: the <c>[UserLoader]</c> the project already
/// has, and the static methods that plainly are one but are not marked (<c>static Task&lt;Member?&gt; LoadAsync(Guid id)</c>).
/// Read with the analyzer's own rules (<see cref="LoaderParser"/>), so a method is only ever called a loader if marking
/// it leaves the project without LOGIN005.
/// </summary>
internal static class UserLoaders
{
    /// <summary>
    /// The method whose id the user type's id should match: its first <c>[UserLoader]</c> (usable or not) in the order the
    /// project's types are read, or else the first unmarked method that <see cref="Unmarked"/> finds. <c>null</c> when
    /// there is neither.
    /// </summary>
    public static IMethodSymbol? Existing(INamedTypeSymbol user, Compilation compilation, CancellationToken cancellationToken)
    {
        var known = KnownTypes.For(compilation);
        foreach (var method in MethodsInSource(user, compilation, staticClassesOnly: false, cancellationToken))
        {
            if (method.HasAttribute(known.UserLoaderAttribute) && Loads(method, user, known))
            {
                return method;
            }
        }

        foreach (var method in Unmarked(user, compilation, cancellationToken))
        {
            return method;
        }

        return null;
    }

    /// <summary>
    /// The static methods, on the user type first and then on the project's static classes, that are a usable
    /// <c>[UserLoader]</c> of <paramref name="user"/> in all but the attribute: they return the user (as it is, nullable,
    /// or in a <c>Task</c> or <c>ValueTask</c>) from one id-like parameter, followed only by what Login can pass a loader
    /// (a <c>CancellationToken</c>, the <c>HttpContext</c> or <c>HttpRequest</c>, services). Id-like: called <c>id</c> or
    /// <c>…Id</c> (or after the id member), and of the id member's type or <c>string</c>; with no id member yet, of a type
    /// that can be one. A method with no loader attribute, or with another parameter (a <c>string email</c>), is some
    /// other lookup and is left alone.
    /// </summary>
    public static IEnumerable<IMethodSymbol> Unmarked(INamedTypeSymbol user, Compilation compilation, CancellationToken cancellationToken)
    {
        var known = KnownTypes.For(compilation);
        var stored = UserTypeParser.StoredIdOf(user, known);
        foreach (var method in MethodsInSource(user, compilation, staticClassesOnly: true, cancellationToken))
        {
            if (method.HasAttribute(known.UserLoaderAttribute) || method.HasAttribute(known.RequestLoaderAttribute) || method.HasAttribute(known.HeaderLoaderAttribute)
                || method.IsGenericMethod
                || method.IsExtensionMethod
                || method.Parameters.Length == 0
                || method.DeclaringSyntaxReferences.Length != 1
                || !Loads(method, user, known)
                || !IsIdLike(method.Parameters[0], stored, known))
            {
                continue;
            }

            var rest = true;
            for (var i = 1; i < method.Parameters.Length && rest; i++)
            {
                rest = CanBePassed(method.Parameters[i], user, known);
            }

            if (rest && LoaderParser.Read(method, LoaderKind.User, known, out _, cancellationToken) is not null)
            {
                yield return method;
            }
        }
    }

    private static bool Loads(IMethodSymbol method, INamedTypeSymbol user, KnownTypes known) =>
        SymbolEqualityComparer.Default.Equals(LoaderParser.LoadedType(method, known), user);

    private static bool IsIdLike(IParameterSymbol id, (string Member, ITypeSymbol Type)? stored, KnownTypes known)
    {
        if (id.RefKind != RefKind.None)
        {
            return false;
        }

        var name = id.Name;
        var named = string.Equals(name, "id", StringComparison.OrdinalIgnoreCase)
            || (name.Length > 2 && (name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("ID", StringComparison.Ordinal)))
            || (stored is { } member && string.Equals(name, member.Member, StringComparison.OrdinalIgnoreCase));
        if (!named)
        {
            return false;
        }

        return stored is { } idMember
            ? id.Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(id.Type, idMember.Type)
            : id.Type.SpecialType == SpecialType.System_String || UserTypeParser.CanBeId(id.Type, known);
    }

    /// <summary>What the generated loader can pass after the id: the request's token, context or request, or a service.</summary>
    private static bool CanBePassed(IParameterSymbol parameter, INamedTypeSymbol user, KnownTypes known)
    {
        if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.HasExplicitDefaultValue)
        {
            return false;
        }

        var type = parameter.Type;
        if (type.Is(known.CancellationToken) || type.Is(known.HttpContext) || type.Is(known.HttpRequest))
        {
            return true;
        }

        return type.TypeKind is TypeKind.Interface or TypeKind.Class
            && type.SpecialType == SpecialType.None
            && !SymbolEqualityComparer.Default.Equals(type, user);
    }

    /// <summary>
    /// The methods of the user type, then those of every other type declared in the project's own files (of static
    /// classes only, when <paramref name="staticClassesOnly"/>), in the project's order of files, then position.
    /// </summary>
    private static IEnumerable<IMethodSymbol> MethodsInSource(INamedTypeSymbol user, Compilation compilation, bool staticClassesOnly, CancellationToken cancellationToken)
    {
        foreach (var method in MethodsOf(user))
        {
            yield return method;
        }

        var others = new List<IMethodSymbol>();
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(compilation.SourceModule.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var space = namespaces.Pop();
            if (space.ToDisplayString() == "Login.Generated")
            {
                continue;
            }

            foreach (var inner in space.GetNamespaceMembers())
            {
                namespaces.Push(inner);
            }

            var types = new Stack<INamedTypeSymbol>(space.GetTypeMembers());
            while (types.Count > 0)
            {
                var type = types.Pop();
                foreach (var nested in type.GetTypeMembers())
                {
                    types.Push(nested);
                }

                if ((type.IsStatic || !staticClassesOnly) && !SymbolEqualityComparer.Default.Equals(type, user))
                {
                    others.AddRange(MethodsOf(type));
                }
            }
        }

        var fileOrder = new Dictionary<SyntaxTree, int>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            fileOrder[tree] = fileOrder.Count;
        }

        others.Sort((a, b) =>
        {
            var (aTree, aStart) = SiteOf(a, fileOrder);
            var (bTree, bStart) = SiteOf(b, fileOrder);
            return aTree != bTree ? aTree.CompareTo(bTree) : aStart.CompareTo(bStart);
        });
        foreach (var method in others)
        {
            yield return method;
        }
    }

    private static (int File, int Start) SiteOf(IMethodSymbol method, Dictionary<SyntaxTree, int> fileOrder)
    {
        var location = method.Locations.Length > 0 ? method.Locations[0] : Location.None;
        return (location.SourceTree is { } tree && fileOrder.TryGetValue(tree, out var index) ? index : int.MaxValue, location.SourceSpan.Start);
    }

    private static IEnumerable<IMethodSymbol> MethodsOf(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && IsInUserSource(method))
            {
                yield return method;
            }
        }
    }

    /// <summary>Declared in a file of the user's, not in one Login's generator writes.</summary>
    private static bool IsInUserSource(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var path = reference.SyntaxTree.FilePath;
            if (!path.EndsWith(UserTypeModel.HintNameSuffix, StringComparison.Ordinal) && !path.EndsWith(".g.cs", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
