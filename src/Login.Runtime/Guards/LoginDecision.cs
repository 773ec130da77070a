namespace Login.Guards;

/// <summary>
/// What a guard decided about a login and a requirement, before anyone answers: each surface answers in its own way
/// (a redirect or 401 for HTTP, a <c>HubException</c> for a hub method, a navigation in a Blazor circuit).
/// </summary>
internal enum LoginDecision
{
    /// <summary>The login meets the requirement.</summary>
    Pass,

    /// <summary>Nobody is logged in (or the login ended): the login view.</summary>
    NotLoggedIn,

    /// <summary>Logged in, but the requirement asks for a fresh login and this one is not: the refresh view.</summary>
    NotFresh,

    /// <summary>
    /// Logged in as another user type than the one required (a customer at an admin's page): 403, never the handler. Logging
    /// in again would not help the same person, so no login view.
    /// </summary>
    WrongUserType,

    /// <summary>The session store has been out of reach too long to vouch for any login: retry later (503).</summary>
    StoreUnavailable,
}
