using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Login.Guards;

/// <summary>
/// Guards endpoints that carry <see cref="LoginRequiredAttribute">[LoginRequired]</see> metadata but whose call
/// site was not woven at compile time (a handler passed as a <see cref="Delegate"/> variable, ASP.NET Core's Request
/// Delegate Generator owning the call), so no guarded endpoint is ever served anonymously.
/// </summary>
internal sealed class LoginMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return next(context);
        }

        var metadata = endpoint.Metadata;
        var requirement = RequirementOf(metadata);
        if (requirement is null || metadata.GetMetadata<WovenLoginGuardMetadata>() is not null)
        {
            return next(context);
        }

        return LoginGuard.Run(context, requirement.Value, next);
    }

    private static LoginRequirement? RequirementOf(EndpointMetadataCollection metadata)
    {
        var requirements = metadata.GetOrderedMetadata<ILoginRequirementMetadata>();
        if (requirements.Count == 0)
        {
            return null;
        }

        // [AllowAnonymous] closer to the handler than every login requirement opts the endpoint out.
        var lastRequirement = -1;
        var lastAllowAnonymous = -1;
        for (var i = 0; i < metadata.Count; i++)
        {
            switch (metadata[i])
            {
                case ILoginRequirementMetadata:
                    lastRequirement = i;
                    break;
                case IAllowAnonymous:
                    lastAllowAnonymous = i;
                    break;
            }
        }

        if (lastAllowAnonymous > lastRequirement)
        {
            return null;
        }

        var strongest = LoginRequirement.Login;
        foreach (var item in requirements)
        {
            if (item.Requirement == LoginRequirement.FreshLogin)
            {
                strongest = LoginRequirement.FreshLogin;
            }
        }

        return strongest;
    }
}
