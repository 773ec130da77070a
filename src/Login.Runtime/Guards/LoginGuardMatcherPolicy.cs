using System.Runtime.CompilerServices;
using Login.Connections;
using Login.Sessions;
using Login.SignalR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.SignalR;

namespace Login.Guards;

/// <summary>
/// Guards the endpoints the generator could not weave (a handler in a <see cref="Delegate"/> variable, ASP.NET Core's
/// Request Delegate Generator owning the call, route groups, controllers, pages, fallbacks, dynamic routes) the way the
/// woven guard does: by putting the guard in front of the endpoint's request delegate. Routing hands the guarded endpoint to
/// whatever runs it (the endpoint middleware, a short-circuit, a re-executed request), so no pipeline order and no
/// missing <c>UseLogin()</c> lets an anonymous request reach the handler.
/// </summary>
/// <remarks>
/// Runs while routing selects among the candidates of a route, only for routes where some endpoint needs it, and last
/// of all policies, after the ones that swap in other endpoints (Razor Pages' loader, dynamic routes). The guarded copy
/// of an endpoint is made once and kept as long as the endpoint lives.
/// </remarks>
internal sealed class LoginGuardMatcherPolicy(IServiceProvider services) : MatcherPolicy, IEndpointSelectorPolicy
{
    private readonly ConditionalWeakTable<Endpoint, Endpoint> _decided = new();
    private LoginService? _service;

    public override int Order => int.MaxValue - 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            var metadata = endpoints[i].Metadata;
            if (NeedsGuard(metadata) is not null
                || metadata.GetMetadata<HubMetadata>() is not null
                || metadata.GetMetadata<IDynamicEndpointMetadata>() is { IsDynamic: true }
                || metadata.GetMetadata<PageActionDescriptor>() is not null)
            {
                return true; // a page or a dynamic route becomes its real endpoint only while matching
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }

            ref var candidate = ref candidates[i];
            var endpoint = candidate.Endpoint;
            if (!_decided.TryGetValue(endpoint, out var guarded))
            {
                guarded = _decided.GetValue(endpoint, Decide);
            }

            if (!ReferenceEquals(guarded, endpoint))
            {
                candidates.ReplaceEndpoint(i, guarded, candidate.Values);
            }
        }

        return Task.CompletedTask;
    }

    private Endpoint Decide(Endpoint endpoint)
    {
        var demand = NeedsGuard(endpoint.Metadata);
        var hub = endpoint.Metadata.GetMetadata<HubMetadata>() is { } hubMetadata && !Login.SignalR.CircuitHub.Is(hubMetadata.HubType);
        if (demand is null && !hub || endpoint.RequestDelegate is not { } inner)
        {
            return endpoint; // nothing to guard, or nothing to run (MVC's filter guards what a custom invoker runs)
        }

        _service ??= services.GetService(typeof(LoginService)) as LoginService;
        var metadata = new List<object>(endpoint.Metadata.Count + 1);
        metadata.AddRange(endpoint.Metadata);
        var guarded = inner;
        if (hub && services.GetService(typeof(HubConnections)) is HubConnections connections
            && services.GetService(typeof(ConnectionLogins)) is ConnectionLogins logins)
        {
            // A request to an open hub connection must come with the connection's own login (see HubTakeoverGuard).
            guarded = HubTakeoverGuard.Wrap(guarded, connections, logins);
        }

        if (demand is { } required)
        {
            metadata.Add(GuardedEndpointMetadata.AtRunTime);
            guarded = LoginGuard.Wrap(guarded, required, _service);
        }

        // A fallback or dynamic route to a page or controller (MapFallbackToPage, MapDynamicControllerRoute, ...) arrives
        // here as the plain Endpoint MVC keeps for dynamic matching, not a RouteEndpoint: it is guarded all the same.
        return endpoint is RouteEndpoint route
            ? new RouteEndpoint(guarded, route.RoutePattern, route.Order, new EndpointMetadataCollection(metadata), route.DisplayName)
            : new Endpoint(guarded, new EndpointMetadataCollection(metadata), endpoint.DisplayName);
    }

    /// <summary>What an endpoint no guard sits in front of yet demands; <c>null</c> when it needs no login.</summary>
    internal static LoginDemand? NeedsGuard(EndpointMetadataCollection metadata) =>
        MayNeedGuard(metadata) ? LoginRequirements.Of(metadata) : null;

    /// <summary>Whether the endpoint carries a login requirement and no guard yet: two lookups, no allocation.</summary>
    internal static bool MayNeedGuard(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<ILoginRequirementMetadata>() is not null && metadata.GetMetadata<GuardedEndpointMetadata>() is null;
}
