using Login.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Login;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Login (Flask-Login's <c>LoginManager</c> and <c>init_app</c>).</summary>
public static class LoginServiceCollectionExtensions
{
    /// <summary>
    /// Adds Login's services. Options come from the <c>Login</c> configuration section, then from
    /// <paramref name="configure"/>; they are validated when the app starts. The <see cref="UserLoaderAttribute">[UserLoader]</see>
    /// methods are found without further wiring. Login is also registered as an authentication scheme, and made the default
    /// scheme when the app names none, so <c>HttpContext.User</c>, <c>[Authorize]</c>, policies and antiforgery see the
    /// Login user.
    /// </summary>
    /// <returns>A <see cref="LoginBuilder"/> to add a session store and the like to; its <c>Services</c> are <paramref name="services"/>.</returns>
    public static LoginBuilder AddLogin(this IServiceCollection services, Action<LoginOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LoginOptions>().BindConfiguration(LoginOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoginOptions>, LoginOptionsValidator>());
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<Login.Diagnostics.LoginMetrics>();
        services.TryAddSingleton<LoginService>();
        services.TryAddSingleton<Login.Connections.ConnectionLogins>();
        // Login families: in this process's memory unless a store is added (AddSqliteStore, AddPostgreSqlStore), kept in
        // step with the store by one background service per app.
        services.TryAddSingleton<ILoginSessionStore>(static _ => new Login.Sessions.Store.InMemoryLoginSessionStore());
        services.TryAddSingleton<ILoginSessions, Login.Sessions.Store.LoginSessions>();
        services.TryAddSingleton<LoginFamilySync>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, LoginFamilySync>(
            static provider => provider.GetRequiredService<LoginFamilySync>()));
        // The cookies' names and Secure policy by environment, and the browser's rules for their prefixes.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LoginOptions>, LoginCookieDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoginOptions>, LoginCookieValidator>());
        services.AddHttpContextAccessor();
        // Login is an authentication scheme, the default one unless the app names another, so HttpContext.User, [Authorize],
        // policies and antiforgery see the Login user without a second line (WebApplication adds UseAuthentication and
        // UseAuthorization when these services exist).
        Login.Authentication.LoginAuthentication.Register(services);
        services.AddAuthorization();
        services.TryAddScoped<CurrentUser>();
        foreach (var userType in Login.CompilerServices.UserLoaderRegistry.UserTypes)
        {
            // The current user as a request service: what ASP.NET Core's Request Delegate Generator binds a handler
            // parameter of the user type from (it cannot see the generated BindAsync), and an injectable current_user.
            services.TryAdd(ServiceDescriptor.Scoped(userType, Login.Loading.CurrentUserFactory.For(userType)));
        }

        // A handler parameter IUser: whoever is logged in, of any user type.
        services.TryAdd(ServiceDescriptor.Scoped(typeof(IUser), Login.Loading.CurrentUserFactory.For(typeof(IUser))));

        // Guards: in front of every routed endpoint that needs one, on Razor Pages handler methods, and as middleware.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, Login.Guards.LoginGuardMatcherPolicy>());
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc =>
        {
            if (!mvc.Filters.Any(f => f is Login.Guards.LoginMvcFilter))
            {
                mvc.Filters.Add(new Login.Guards.LoginMvcFilter());
            }

            // CurrentUser in views: the user loaded (awaited) before a view renders, so its synchronous members never block.
            if (!mvc.Filters.Any(f => f is Login.Loading.CurrentUserViewFilter))
            {
                mvc.Filters.Add(new Login.Loading.CurrentUserViewFilter());
            }
        });
        // SignalR: every hub connection keeps the login it was opened with and closes when it ends; hub attributes are
        // enforced per connection and per call. An options setup, so an app without SignalR never runs it.
        services.TryAddSingleton<Login.SignalR.LoginHubFilter>();
        services.TryAddSingleton<Login.SignalR.HubConnections>();
        services.TryAddSingleton<Login.SignalR.HubLoginRequirements>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Microsoft.AspNetCore.SignalR.HubOptions>, Login.SignalR.LoginHubOptionsSetup>());
        // Blazor: Login's user is the components' (AuthorizeView, AuthorizeRouteView, Task<AuthenticationState>), and a
        // circuit keeps the login it started with until that login ends. Replaces ASP.NET Core's provider whether
        // AddRazorComponents() ran before or runs after (it only adds one when there is none); harmless without Blazor.
        services.RemoveAll<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, Login.Components.LoginAuthenticationStateProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, Login.Components.LoginCircuitHandler>());
        // Not AddAuthorizationCore(): WebApplication adds the authorization middleware when it sees those services, and
        // that middleware needs AddAuthorization()'s. LoginRouteView uses AuthorizeRouteView when the app added them.
        services.AddCascadingAuthenticationState();
        services.TryAddSingleton<Login.Guards.LoginPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Login.Guards.LoginStartupCheck>());
        // A login or logout while the store is down is answered 503 + Retry-After, never a 500: by the app's exception
        // handler (UseExceptionHandler asks IExceptionHandlers first), by the developer page, or else by the outermost middleware.
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Login.Sessions.Store.StoreUnavailableStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Diagnostics.IExceptionHandler, Login.Sessions.Store.StoreUnavailableExceptionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, Login.Sessions.Store.StoreUnavailablePageFilter>());
        return new LoginBuilder(services);
    }
}
