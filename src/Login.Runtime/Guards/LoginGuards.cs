using System.ComponentModel;
using Login.Sessions;
using Microsoft.AspNetCore.Builder;

namespace Login.Guards;

/// <summary>
/// What the code Login's generator weaves into <c>Map*</c> call sites calls. Not meant to be called by hand:
/// mark the handler <see cref="LoginRequiredAttribute">[LoginRequired]</see> instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LoginGuards
{
    /// <summary>Puts the guard in front of the endpoint's request delegate, before parameter binding runs.</summary>
    public static TBuilder Weave<TBuilder>(TBuilder builder, LoginRequirement requirement)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Finally conventions run after the request delegate exists, so there is one to wrap, and after the group's
        // conventions, so a group's RequireFreshLogin() can only make the handler's own requirement stronger.
        builder.Finally(endpoint =>
        {
            var inner = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no request delegate for Login to guard.");
            if (LoginRequirements.Of((List<object>)endpoint.Metadata) == LoginRequirement.FreshLogin)
            {
                requirement = LoginRequirement.FreshLogin;
            }

            // Resolved once here rather than per request: a guarded request then needs no service scope of its own.
            var service = endpoint.ApplicationServices.GetService(typeof(LoginService)) as LoginService;
            endpoint.RequestDelegate = LoginGuard.Wrap(inner, requirement, service);
            endpoint.Metadata.Add(WovenLoginGuardMetadata.Instance);
        });
        return builder;
    }
}
