using System.ComponentModel;
using Login.Guards;
using Login.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Login.CompilerServices;

/// <summary>
/// Named by the generated code in a Login app's assembly (<c>[assembly: HostingStartup]</c>), so the web host runs it:
/// adds the startup check that an app mapping endpoints that require a login has Login's services. Without
/// <c>AddLogin()</c> nothing else of Login runs, and where the Request Delegate Generator is on nothing is woven, so
/// such an endpoint would be served to anyone; the check stops the start instead, saying what to add.
/// </summary>
/// <remarks>For Login's generated code: not meant to be used by hand, and not a stable API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LoginHostingStartup : IHostingStartup
{
    /// <inheritdoc/>
    public void Configure(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices(services =>
            services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, GuardedEndpointsNeedLogin>()));
    }

    /// <summary>Runs once the app's endpoints are mapped, as the pipeline is built, before the server serves.</summary>
    internal sealed class GuardedEndpointsNeedLogin : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            var services = app.ApplicationServices;
            if (services.GetService<IServiceProviderIsService>() is not { } registered || registered.IsService(typeof(LoginService))
                || services.GetService<EndpointDataSource>() is not { } endpoints)
            {
                return;
            }

            var guarded = new List<string>();
            foreach (var endpoint in endpoints.Endpoints)
            {
                if (LoginRequirements.Of(endpoint.Metadata) is not null)
                {
                    guarded.Add(endpoint.DisplayName ?? endpoint.ToString()!);
                }
            }

            if (guarded.Count > 0)
            {
                throw new InvalidOperationException(
                    $"These endpoints require a login, and AddLogin() was not called, so nothing would guard them: {string.Join(", ", guarded)}. " +
                    "Add builder.Services.AddLogin(o => o.LoginView = \"/login\") before builder.Build(), and app.UseLogin() after it.");
            }
        };
    }
}
