using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// The types the generator and the analyzer compare symbols with (<see cref="KnownNames"/>), each resolved once per
/// compilation, on first use, rather than by name on every comparison. A compilation's symbols never change, so every
/// transform and every analyzer callback of one compilation shares one instance; the table holds it only as long as the
/// compilation lives. A type the compilation lacks (no MVC, no SignalR) is <c>null</c>, which nothing equals.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();

    private readonly Compilation compilation;
    private Resolved? loginUserAttribute;
    private Resolved? loginIdAttribute;
    private Resolved? userLoaderAttribute;
    private Resolved? sessionStampAttribute;
    private Resolved? loginClaimAttribute;
    private Resolved? requestLoaderAttribute;
    private Resolved? headerLoaderAttribute;
    private Resolved? loginRequiredAttribute;
    private Resolved? freshLoginRequiredAttribute;
    private Resolved? loginRequiredAttributeOfT;
    private Resolved? freshLoginRequiredAttributeOfT;
    private Resolved? iEndpointParameterMetadataProvider;
    private Resolved? endpointRouteBuilderExtensions;
    private Resolved? mapExtensions;
    private Resolved? iApplicationBuilder;
    private Resolved? nonGenericTask;
    private Resolved? requestDelegate;
    private Resolved? routeGroupBuilder;
    private Resolved? iAuthorizeData;
    private Resolved? controllerBase;
    private Resolved? controllerAttribute;
    private Resolved? apiControllerAttribute;
    private Resolved? pageModel;
    private Resolved? pageBase;
    private Resolved? hub;
    private Resolved? iComponent;
    private Resolved? bindServiceMethodAttribute;
    private Resolved? httpContext;
    private Resolved? httpRequest;
    private Resolved? cancellationToken;
    private Resolved? task;
    private Resolved? valueTask;
    private Resolved? iParsable;
    private Resolved? iFormattable;

    private KnownTypes(Compilation compilation) => this.compilation = compilation;

    public static KnownTypes For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownTypes(c));

    public INamedTypeSymbol? LoginUserAttribute => Get(ref loginUserAttribute, KnownNames.LoginUserAttribute);

    public INamedTypeSymbol? LoginIdAttribute => Get(ref loginIdAttribute, KnownNames.LoginIdAttribute);

    public INamedTypeSymbol? UserLoaderAttribute => Get(ref userLoaderAttribute, KnownNames.UserLoaderAttribute);

    public INamedTypeSymbol? SessionStampAttribute => Get(ref sessionStampAttribute, KnownNames.SessionStampAttribute);

    public INamedTypeSymbol? LoginClaimAttribute => Get(ref loginClaimAttribute, KnownNames.LoginClaimAttribute);

    public INamedTypeSymbol? RequestLoaderAttribute => Get(ref requestLoaderAttribute, KnownNames.RequestLoaderAttribute);

    public INamedTypeSymbol? HeaderLoaderAttribute => Get(ref headerLoaderAttribute, KnownNames.HeaderLoaderAttribute);

    public INamedTypeSymbol? LoginRequiredAttribute => Get(ref loginRequiredAttribute, KnownNames.LoginRequiredAttribute);

    public INamedTypeSymbol? FreshLoginRequiredAttribute => Get(ref freshLoginRequiredAttribute, KnownNames.FreshLoginRequiredAttribute);

    /// <summary><c>[LoginRequired&lt;TUser&gt;]</c>, unconstructed: compare a constructed one's <c>OriginalDefinition</c> with it.</summary>
    public INamedTypeSymbol? LoginRequiredAttributeOfT => Get(ref loginRequiredAttributeOfT, KnownNames.LoginRequiredAttributeOfT);

    /// <summary><c>[FreshLoginRequired&lt;TUser&gt;]</c>, unconstructed.</summary>
    public INamedTypeSymbol? FreshLoginRequiredAttributeOfT => Get(ref freshLoginRequiredAttributeOfT, KnownNames.FreshLoginRequiredAttributeOfT);

    /// <summary>What the generated user class implements so that a handler parameter of it adds endpoint metadata.</summary>
    public INamedTypeSymbol? IEndpointParameterMetadataProvider => Get(ref iEndpointParameterMetadataProvider, KnownNames.IEndpointParameterMetadataProvider);

    public INamedTypeSymbol? EndpointRouteBuilderExtensions => Get(ref endpointRouteBuilderExtensions, KnownNames.EndpointRouteBuilderExtensions);

    /// <summary><c>IApplicationBuilder.Map(path, configuration)</c>, the branching middleware of the same name as <c>Map</c>.</summary>
    public INamedTypeSymbol? MapExtensions => Get(ref mapExtensions, KnownNames.MapExtensions);

    public INamedTypeSymbol? IApplicationBuilder => Get(ref iApplicationBuilder, KnownNames.IApplicationBuilder);

    /// <summary><c>System.Threading.Tasks.Task</c>, what a <c>RequestDelegate</c> returns (<see cref="Task"/> is <c>Task&lt;T&gt;</c>).</summary>
    public INamedTypeSymbol? NonGenericTask => Get(ref nonGenericTask, KnownNames.NonGenericTask);

    public INamedTypeSymbol? RequestDelegate => Get(ref requestDelegate, KnownNames.RequestDelegate);

    public INamedTypeSymbol? RouteGroupBuilder => Get(ref routeGroupBuilder, KnownNames.RouteGroupBuilder);

    public INamedTypeSymbol? IAuthorizeData => Get(ref iAuthorizeData, KnownNames.IAuthorizeData);

    public INamedTypeSymbol? ControllerBase => Get(ref controllerBase, KnownNames.ControllerBase);

    public INamedTypeSymbol? ControllerAttribute => Get(ref controllerAttribute, KnownNames.ControllerAttribute);

    public INamedTypeSymbol? ApiControllerAttribute => Get(ref apiControllerAttribute, KnownNames.ApiControllerAttribute);

    public INamedTypeSymbol? PageModel => Get(ref pageModel, KnownNames.PageModel);

    public INamedTypeSymbol? PageBase => Get(ref pageBase, KnownNames.PageBase);

    public INamedTypeSymbol? Hub => Get(ref hub, KnownNames.Hub);

    public INamedTypeSymbol? IComponent => Get(ref iComponent, KnownNames.IComponent);

    public INamedTypeSymbol? BindServiceMethodAttribute => Get(ref bindServiceMethodAttribute, KnownNames.BindServiceMethodAttribute);

    public INamedTypeSymbol? HttpContext => Get(ref httpContext, KnownNames.HttpContext);

    public INamedTypeSymbol? HttpRequest => Get(ref httpRequest, KnownNames.HttpRequest);

    public INamedTypeSymbol? CancellationToken => Get(ref cancellationToken, KnownNames.CancellationToken);

    public INamedTypeSymbol? Task => Get(ref task, KnownNames.Task);

    public INamedTypeSymbol? ValueTask => Get(ref valueTask, KnownNames.ValueTask);

    public INamedTypeSymbol? IParsable => Get(ref iParsable, KnownNames.IParsable);

    public INamedTypeSymbol? IFormattable => Get(ref iFormattable, KnownNames.IFormattable);

    // Several threads may resolve the same name at once; they get the same symbol, so the first one stored wins harmlessly.
    private INamedTypeSymbol? Get(ref Resolved? slot, string metadataName)
    {
        var resolved = Volatile.Read(ref slot);
        if (resolved is null)
        {
            resolved = new Resolved(compilation.GetTypeByMetadataName(metadataName));
            Interlocked.CompareExchange(ref slot, resolved, null);
        }

        return resolved.Symbol;
    }

    /// <summary>A lookup's answer, null included, so a type the compilation lacks is not looked up again.</summary>
    private sealed class Resolved(INamedTypeSymbol? symbol)
    {
        public INamedTypeSymbol? Symbol { get; } = symbol;
    }
}
