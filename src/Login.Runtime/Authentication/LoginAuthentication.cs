using Login.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Login.Authentication;

/// <summary>
/// Registers the <c>Login</c> scheme once, whichever of <c>services.AddLogin()</c> and
/// <c>AddAuthentication(...).AddLogin()</c> asks first, or both: <see cref="AuthenticationOptions.AddScheme(string, Action{AuthenticationSchemeBuilder})"/>
/// throws on a second scheme of the same name, and apps written before the scheme came with <c>AddLogin()</c> still
/// have the second line.
/// </summary>
internal static class LoginAuthentication
{
    public static void Register(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(Registered)))
        {
            return;
        }

        services.AddSingleton<Registered>();
        services.AddAuthentication();
        // The middleware asks the scheme provider three times a request; ASP.NET Core's makes a new task each time.
        CachingAuthenticationSchemeProvider.ReplaceDefault(services);
        // And it creates a handler provider for every request, which makes a dictionary for the one handler it hands out.
        RequestHandlerProvider.ReplaceDefault(services);
        // And its authentication service wraps, copies and transforms the handler's answer where nothing would see it.
        LoginAuthenticationService.ReplaceDefault(services);
        services.TryAddTransient<LoginAuthenticationHandler>();
        services.Configure<AuthenticationOptions>(static o =>
        {
            // An app may have registered a scheme of this name itself: its own wins.
            if (!o.SchemeMap.ContainsKey(LoginDefaults.AuthenticationScheme))
            {
                o.AddScheme<LoginAuthenticationHandler>(LoginDefaults.AuthenticationScheme, LoginDefaults.AuthenticationScheme);
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AuthenticationOptions>, LoginDefaultScheme>());
    }

    /// <summary>Marks the services as having the scheme.</summary>
    private sealed class Registered;
}
