namespace Login.Guards;

/// <summary>
/// The one rule that turns a login into a <see cref="LoginDecision"/>, for requests and live connections alike. What a
/// handler requires is <see cref="LoginRequirements.Of"/>'s to say; whether a login meets it is this.
/// </summary>
internal static class LoginDecisions
{
    /// <param name="user">The user as loaded (session protection and the session stamp applied).</param>
    /// <param name="isFresh">Whether the user came from a fresh login.</param>
    /// <param name="storeUnavailable">Whether the store could not vouch for the login (then an anonymous user proves nothing).</param>
    /// <param name="demand">What the handler asks for.</param>
    public static LoginDecision Decide(IUser user, bool isFresh, bool storeUnavailable, LoginDemand demand)
    {
        if (!user.IsAuthenticated)
        {
            return storeUnavailable ? LoginDecision.StoreUnavailable : LoginDecision.NotLoggedIn;
        }

        // The type before freshness: a customer at an admin's fresh-login page is refused, not sent to log in again.
        if (!demand.Admits(user))
        {
            return LoginDecision.WrongUserType;
        }

        return demand.Requirement == LoginRequirement.FreshLogin && !isFresh ? LoginDecision.NotFresh : LoginDecision.Pass;
    }
}
