using Microsoft.AspNetCore.Authorization;

namespace Login.Guards;

/// <summary>
/// The one place that decides what an endpoint asks of the user, from its metadata. The guard woven at compile time,
/// the guard put in front of run-time endpoints, the middleware and the MVC filter all ask it, so they cannot disagree.
/// </summary>
internal static class LoginRequirements
{
    /// <summary>
    /// The strongest login requirement in <paramref name="metadata"/>, or <c>null</c> when the endpoint needs no login:
    /// no requirement at all, or an <c>[AllowAnonymous]</c> anywhere, which wins as it does over <c>[Authorize]</c>.
    /// </summary>
    public static LoginRequirement? Of(IReadOnlyList<object> metadata)
    {
        LoginRequirement? strongest = null;
        for (var i = 0; i < metadata.Count; i++)
        {
            switch (metadata[i])
            {
                case IAllowAnonymous:
                    return null;
                case ILoginRequirementMetadata { Requirement: var requirement }:
                    if (strongest is null || requirement == LoginRequirement.FreshLogin)
                    {
                        strongest = requirement;
                    }

                    break;
            }
        }

        return strongest;
    }
}
