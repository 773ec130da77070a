using Microsoft.Extensions.DependencyInjection;

namespace Login;

/// <summary>
/// What <see cref="LoginServiceCollectionExtensions.AddLogin"/> returns, for adding to Login what it does not do by
/// default (a session store, say), as <c>AddAuthentication</c> returns an <c>AuthenticationBuilder</c>.
/// </summary>
public sealed class LoginBuilder
{
    internal LoginBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }
}
