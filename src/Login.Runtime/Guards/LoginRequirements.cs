using Microsoft.AspNetCore.Authorization;

namespace Login.Guards;

/// <summary>Reads what an endpoint's metadata asks of the user: the strongest login requirement, unless opted out.</summary>
internal static class LoginRequirements
{
    /// <summary>
    /// <c>null</c> when the endpoint needs no login: no requirement, or an <c>[AllowAnonymous]</c> closer to the
    /// handler than every requirement (metadata is ordered from the group outwards to the handler).
    /// </summary>
    public static LoginRequirement? Of(IReadOnlyList<object> metadata)
    {
        var lastRequirement = -1;
        var lastAllowAnonymous = -1;
        var strongest = LoginRequirement.Login;
        for (var i = 0; i < metadata.Count; i++)
        {
            switch (metadata[i])
            {
                case ILoginRequirementMetadata requirement:
                    lastRequirement = i;
                    if (requirement.Requirement == LoginRequirement.FreshLogin)
                    {
                        strongest = LoginRequirement.FreshLogin;
                    }

                    break;
                case IAllowAnonymous:
                    lastAllowAnonymous = i;
                    break;
            }
        }

        return lastRequirement < 0 || lastAllowAnonymous > lastRequirement ? null : strongest;
    }
}
