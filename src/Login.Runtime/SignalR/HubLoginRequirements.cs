using System.Collections.Concurrent;
using System.Reflection;
using Login.Guards;

namespace Login.SignalR;

/// <summary>
/// What a hub and each of its methods require, read once per hub type and per method: the hub class's attributes, then
/// the method's, decided by <see cref="LoginRequirements.Of"/> as an endpoint's metadata is (so <c>[AllowAnonymous]</c>
/// on either wins, as it does for a controller and its actions).
/// </summary>
internal sealed class HubLoginRequirements
{
    private readonly ConcurrentDictionary<Type, LoginDemand?> _hubs = new();
    private readonly ConcurrentDictionary<(Type Hub, MethodInfo Method), LoginDemand?> _methods = new();

    /// <summary>What connecting to <paramref name="hub"/> requires (and as which user type); <c>null</c> when anyone may connect.</summary>
    public LoginDemand? OfHub(Type hub) =>
        _hubs.TryGetValue(hub, out var requirement) ? requirement : _hubs.GetOrAdd(hub, static type => LoginRequirements.Of(type.GetCustomAttributes(inherit: true)));

    /// <summary>
    /// What calling <paramref name="method"/> on <paramref name="hub"/> requires. Keyed by both: a method declared on a
    /// base hub is called through hubs with different class attributes.
    /// </summary>
    public LoginDemand? OfMethod(Type hub, MethodInfo method) =>
        _methods.TryGetValue((hub, method), out var requirement) ? requirement : _methods.GetOrAdd((hub, method), static key =>
        {
            var attributes = new List<object>(key.Hub.GetCustomAttributes(inherit: true));
            attributes.AddRange(key.Method.GetCustomAttributes(inherit: true));
            return LoginRequirements.Of(attributes);
        });
}
