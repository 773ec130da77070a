using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Authentication;

/// <summary>
/// ASP.NET Core's <see cref="IAuthenticationService"/>, with the Login scheme's <c>AuthenticateAsync</c> answered by its
/// handler directly when nothing could tell the difference: the app registered no <see cref="IClaimsTransformation"/>
/// and nobody listens to ASP.NET Core's <c>aspnetcore.authentication.authenticate.duration</c> metric. Everything else
/// (every other scheme, challenges, forbids, sign-ins and sign-outs, and the Login scheme whenever a transformation or a
/// metrics listener is there) goes to ASP.NET Core's own service, created for the request only when needed.
/// </summary>
/// <remarks>
/// With Login as the default scheme the authentication middleware authenticates every request. ASP.NET Core's service
/// then wraps the handler's answer in two async methods (one for its metrics), makes a set to remember which principals it
/// transformed, runs the no-op transformation (a new task) and copies the handler's ticket and result: about 460 bytes on
/// every logged-in request, and two tasks on every anonymous one, none of which changes the answer when the
/// transformation is the no-op and the metric is off. The answer given directly is the handler's own, which is the same
/// principal, properties and scheme the copies would hold.
/// </remarks>
internal sealed class LoginAuthenticationService(
    IServiceProvider requestServices,
    IAuthenticationSchemeProvider schemes,
    IAuthenticationHandlerProvider handlers,
    IClaimsTransformation transform,
    FrameworkAuthenticationService framework,
    AuthenticationMetricsWatch metrics) : IAuthenticationService
{
    // Only ASP.NET Core's own no-op (not a subclass, which may transform) leaves a principal as the handler made it.
    private readonly bool _noTransformation = transform.GetType() == typeof(NoopClaimsTransformation);
    private IAuthenticationService? _framework;

    /// <summary>ASP.NET Core's service for this request, made on first use.</summary>
    private IAuthenticationService Framework => _framework ??= framework.Create(requestServices);

    /// <summary>Whether this request has needed ASP.NET Core's service (for tests: the direct answer made none).</summary>
    internal bool FrameworkServiceCreated => _framework is not null;

    /// <summary>
    /// Puts this service in place of ASP.NET Core's default <see cref="IAuthenticationService"/> (registered by
    /// <c>AddAuthentication()</c>), keeping the default to delegate to. Leaves a service the app registered itself alone.
    /// </summary>
    public static void ReplaceDefault(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IAuthenticationService) || descriptor.IsKeyedService)
            {
                continue;
            }

            // ASP.NET Core's own: AuthenticationService or its internal subclass with metrics, from its own assembly.
            if (descriptor.ImplementationType is { } type
                && type.Assembly == typeof(AuthenticationService).Assembly
                && typeof(AuthenticationService).IsAssignableFrom(type))
            {
                services[i] = ServiceDescriptor.Describe(typeof(IAuthenticationService), typeof(LoginAuthenticationService), descriptor.Lifetime);
                services.AddSingleton(new FrameworkAuthenticationService(type));
                services.AddSingleton<AuthenticationMetricsWatch>();
            }

            return;
        }
    }

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
    {
        if (_noTransformation && !metrics.AuthenticateListened)
        {
            if (scheme is null)
            {
                var defaultScheme = schemes.GetDefaultAuthenticateSchemeAsync();
                scheme = defaultScheme.IsCompletedSuccessfully ? defaultScheme.Result?.Name : null;
            }

            if (scheme is not null)
            {
                var handler = handlers.GetHandlerAsync(context, scheme);
                if (!handler.IsCompletedSuccessfully)
                {
                    return AuthenticateWhenReadyAsync(handler, context, scheme);
                }

                if (handler.Result is LoginAuthenticationHandler login)
                {
                    return login.AuthenticateAsync();
                }
            }
        }

        return Framework.AuthenticateAsync(context, scheme);
    }

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework.ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, System.Security.Claims.ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        Framework.SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework.SignOutAsync(context, scheme, properties);

    /// <summary>
    /// A handler whose creation completes later (an app's own asynchronous scheme provider): awaited here, so that the
    /// request's handler provider has kept it before ASP.NET Core's service asks for the same one.
    /// </summary>
    private async Task<AuthenticateResult> AuthenticateWhenReadyAsync(Task<IAuthenticationHandler?> handler, HttpContext context, string scheme) =>
        await handler.ConfigureAwait(false) is LoginAuthenticationHandler login
            ? await login.AuthenticateAsync().ConfigureAwait(false)
            : await Framework.AuthenticateAsync(context, scheme).ConfigureAwait(false);
}
