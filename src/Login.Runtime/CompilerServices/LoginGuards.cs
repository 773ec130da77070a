using System.ComponentModel;
using Login.Guards;
using Login.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;

namespace Login.CompilerServices;

/// <summary>
/// What the code Login's generator weaves into <c>Map*</c> call sites calls. To guard an endpoint, mark the handler
/// <see cref="LoginRequiredAttribute">[LoginRequired]</see> or call <c>RequireLogin()</c> instead.
/// </summary>
/// <remarks>
/// For Login's generated code: not meant to be called by hand, and not a stable API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LoginGuards
{
    /// <summary>Puts the guard in front of the endpoint's request delegate, before parameter binding runs.</summary>
    /// <param name="builder">What the intercepted <c>Map*</c> call returned.</param>
    /// <param name="requirement">
    /// What the generator saw on the handler. The endpoint's metadata decides (<see cref="LoginRequirements.Of"/>, as for
    /// every other guard); this only counts when the metadata carries no requirement at all.
    /// </param>
    public static TBuilder Weave<TBuilder>(TBuilder builder, LoginRequirement requirement)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Finally conventions run after the request delegate exists, so there is one to wrap, and after every other
        // convention (the group's RequireFreshLogin(), an .AllowAnonymous() on the call), so the metadata is complete.
        builder.Finally(endpoint =>
        {
            var inner = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no request delegate for Login to guard.");
            var metadata = (List<object>)endpoint.Metadata;
            var required = LoginRequirements.Of(metadata, assumed: requirement);
            endpoint.Metadata.Add(GuardedEndpointMetadata.Woven);
            if (required is { } needed)
            {
                // Resolved once here rather than per request: a guarded request then needs no service scope of its own.
                var service = endpoint.ApplicationServices.GetService(typeof(LoginService)) as LoginService;
                endpoint.RequestDelegate = LoginGuard.Wrap(inner, needed, service);
            }
        });
        return builder;
    }

    /// <summary>
    /// <see cref="Weave{TBuilder}(TBuilder, LoginRequirement)"/> for a <c>Map*</c> call on <paramref name="endpoints"/>,
    /// which first checks, as the call runs at startup, that Login's services are registered: a guarded handler mapped in
    /// an app without <c>AddLogin()</c> stops the start, saying what to add, instead of answering 500 to every request.
    /// </summary>
    /// <param name="endpoints">The intercepted call's receiver.</param>
    /// <param name="builder">What the intercepted <c>Map*</c> call returned.</param>
    /// <param name="requirement">What the generator saw on the handler (see the other overload).</param>
    /// <exception cref="InvalidOperationException"><c>AddLogin()</c> was not called on the app's services.</exception>
    public static TBuilder Weave<TBuilder>(IEndpointRouteBuilder endpoints, TBuilder builder, LoginRequirement requirement)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService(typeof(IServiceProviderIsService)) is IServiceProviderIsService services
            && !services.IsService(typeof(LoginService)))
        {
            throw new InvalidOperationException(
                $"A [{(requirement == LoginRequirement.FreshLogin ? "FreshLoginRequired" : "LoginRequired")}] handler is mapped, and AddLogin() was not called, " +
                "so nothing could tell who is logged in. Add builder.Services.AddLogin(o => o.LoginView = \"/login\") before builder.Build(), " +
                "and app.UseLogin() after it.");
        }

        return Weave(builder, requirement);
    }
}
