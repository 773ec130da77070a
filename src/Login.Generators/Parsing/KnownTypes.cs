using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// The types the generator and the analyzer compare symbols with, resolved once per compilation rather than by name on
/// every comparison. A compilation's symbols never change, so every transform and every analyzer callback of one
/// compilation shares one instance; the table holds it only as long as the compilation lives.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();

    private readonly Compilation compilation;
    private Resolved<INamedTypeSymbol>? endpointRouteBuilderExtensions;
    private Resolved<INamedTypeSymbol>? requestDelegate;
    private Resolved<INamedTypeSymbol>? httpContext;
    private Resolved<INamedTypeSymbol>? loginRequiredAttribute;
    private Resolved<INamedTypeSymbol>? freshLoginRequiredAttribute;

    private KnownTypes(Compilation compilation) => this.compilation = compilation;

    public static KnownTypes For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownTypes(c));

    public INamedTypeSymbol? EndpointRouteBuilderExtensions => Get(ref endpointRouteBuilderExtensions, KnownNames.EndpointRouteBuilderExtensions);

    public INamedTypeSymbol? RequestDelegate => Get(ref requestDelegate, KnownNames.RequestDelegate);

    public INamedTypeSymbol? HttpContext => Get(ref httpContext, KnownNames.HttpContext);

    public INamedTypeSymbol? LoginRequiredAttribute => Get(ref loginRequiredAttribute, KnownNames.LoginRequiredAttribute);

    public INamedTypeSymbol? FreshLoginRequiredAttribute => Get(ref freshLoginRequiredAttribute, KnownNames.FreshLoginRequiredAttribute);

    // Several threads may resolve the same name at once; they get the same symbol, so the first one stored wins harmlessly.
    private INamedTypeSymbol? Get(ref Resolved<INamedTypeSymbol>? slot, string metadataName)
    {
        var resolved = Volatile.Read(ref slot);
        if (resolved is null)
        {
            resolved = new Resolved<INamedTypeSymbol>(compilation.GetTypeByMetadataName(metadataName));
            Interlocked.CompareExchange(ref slot, resolved, null);
        }

        return resolved.Symbol;
    }

    /// <summary>A lookup's answer, null included, so a type the compilation lacks is not looked up again.</summary>
    private sealed class Resolved<T>(T? symbol)
        where T : class
    {
        public T? Symbol { get; } = symbol;
    }
}
