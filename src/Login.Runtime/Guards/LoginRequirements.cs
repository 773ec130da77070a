using System.Reflection;
using Login.CompilerServices;
using Microsoft.AspNetCore.Authorization;

namespace Login.Guards;

/// <summary>
/// The one place that decides what an endpoint asks of the user, from its metadata. The guard woven at compile time,
/// the guard put in front of run-time endpoints, the middleware, the MVC filter, hubs and components all ask it, so they
/// cannot disagree.
/// </summary>
internal static class LoginRequirements
{
    /// <summary>
    /// What <paramref name="metadata"/> demands, or <c>null</c> when the endpoint needs no login: no requirement at all,
    /// or an <c>[AllowAnonymous]</c> anywhere, which wins as it does over <c>[Authorize]</c>.
    /// </summary>
    /// <remarks>
    /// The requirement is the strongest one (a fresh login over a login). The user type is the one every source names:
    /// a requirement's (<c>[LoginRequired&lt;Admin&gt;]</c>, <c>RequireLogin&lt;Admin&gt;()</c>) and a handler parameter's
    /// (<see cref="UserParameterMetadata"/>, or the handler's own <see cref="MethodInfo"/>; either narrows the type but
    /// guards nothing by itself). Where one names a
    /// subclass of the other, the subclass (a user must be both). Where two name unrelated types
    /// (<c>[LoginRequired&lt;Admin&gt;]</c> on a handler taking a <c>Customer</c>, which the generator reports as
    /// LOGIN015), no user can be both: the demand's type is <see cref="LoginDemand.ConflictingUserTypes"/>, and every
    /// logged-in request gets 403 rather than a handler whose parameter could not bind.
    /// </remarks>
    /// <param name="metadata">The endpoint's metadata (or a hub's, a hub method's, a component's attributes).</param>
    /// <param name="assumed">
    /// For the woven guard: what the generator saw on the handler. It counts only if the metadata carries no requirement
    /// at all (the metadata decides, as for every other guard).
    /// </param>
    public static LoginDemand? Of(IReadOnlyList<object> metadata, LoginRequirement? assumed = null)
    {
        LoginRequirement? strongest = null;
        Type? userType = null;
        for (var i = 0; i < metadata.Count; i++)
        {
            switch (metadata[i])
            {
                case IAllowAnonymous:
                    return null;
                case ILoginRequirementMetadata requirement:
                    if (strongest is null || requirement.Requirement == LoginRequirement.FreshLogin)
                    {
                        strongest = requirement.Requirement;
                    }

                    userType = Narrow(userType, requirement.UserType);
                    break;
                case UserParameterMetadata parameter:
                    userType = Narrow(userType, parameter.UserType);
                    break;
                case MethodInfo handler:
                    // The handler itself (a minimal API endpoint's metadata holds it): its parameters of a user type narrow
                    // as UserParameterMetadata does. Where ASP.NET Core's Request Delegate Generator owns the Map* call, it
                    // cannot see what Login's generator adds to the user class (generators do not see each other's output),
                    // so that metadata is missing there and only this says what the handler takes.
                    foreach (var parameter in handler.GetParameters())
                    {
                        if (IsUserClass(parameter.ParameterType))
                        {
                            userType = Narrow(userType, parameter.ParameterType);
                        }
                    }

                    break;
            }
        }

        return (strongest ?? assumed) is { } required ? new LoginDemand(required, userType) : null;
    }

    /// <summary>Whether <paramref name="type"/> is a <see cref="LoginUserAttribute">[LoginUser]</see> class or a subclass of one.</summary>
    private static bool IsUserClass(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (current.IsDefined(typeof(LoginUserAttribute), inherit: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type a user must be to be both <paramref name="known"/> and <paramref name="named"/>.</summary>
    private static Type? Narrow(Type? known, Type? named)
    {
        if (named is null || known == named)
        {
            return known;
        }

        if (known is null || known.IsAssignableFrom(named))
        {
            return named;
        }

        return named.IsAssignableFrom(known) ? known : typeof(LoginDemand.ConflictingUserTypes);
    }
}
