using Login;
using Login.Sessions.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts Login's login families in a store of your choice.</summary>
public static class LoginSessionStoreBuilderExtensions
{
    /// <summary>
    /// Uses <paramref name="factory"/>'s store for login families, in place of any store added before (the in-memory
    /// default, or another <c>Add…Store</c>), and prunes its expired families in the background. <c>AddSqliteStore</c>
    /// and <c>AddPostgreSqlStore</c> call this; call it yourself for a store of your own.
    /// </summary>
    /// <param name="builder">What <c>AddLogin</c> returned.</param>
    /// <param name="factory">Makes the store, once (it is a singleton; if it is disposable, the container disposes it).</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    public static LoginBuilder AddSessionStore(this LoginBuilder builder, Func<IServiceProvider, ILoginSessionStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<ILoginSessionStore>();
        builder.Services.AddSingleton(factory);
        builder.Services.TryAddSingleton<ILoginSessions, LoginSessions>();
        builder.Services.TryAddSingleton(LoginApplication.Resolve);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoginSessionStorePruning>());
        return builder;
    }
}
