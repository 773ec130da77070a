using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Authentication;

/// <summary>How to make ASP.NET Core's own authentication service (its type is internal) for a request.</summary>
internal sealed class FrameworkAuthenticationService(Type implementationType)
{
    private readonly ObjectFactory _create = ActivatorUtilities.CreateFactory(implementationType, Type.EmptyTypes);

    public IAuthenticationService Create(IServiceProvider requestServices) => (IAuthenticationService)_create(requestServices, null);
}
