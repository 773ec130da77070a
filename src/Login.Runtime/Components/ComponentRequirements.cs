using System.Collections.Concurrent;
using Login.Guards;

namespace Login.Components;

/// <summary>
/// What a routable component requires, from its attributes (<c>@attribute [LoginRequired]</c>), by the same rule as an
/// endpoint's metadata (<see cref="LoginRequirements.Of"/>). In static rendering the component's attributes are its
/// endpoint's metadata, so the HTTP guard and the route view read the same list.
/// </summary>
internal static class ComponentRequirements
{
    // A value type boxed once per component type: the answer never changes for a type, and route views ask on every render.
    private static readonly ConcurrentDictionary<Type, LoginDemand?> s_byType = new();

    public static LoginDemand? Of(Type componentType) =>
        s_byType.GetOrAdd(componentType, static type => LoginRequirements.Of(Attribute.GetCustomAttributes(type, inherit: true)));
}
