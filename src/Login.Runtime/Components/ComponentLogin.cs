namespace Login.Components;

/// <summary>
/// The login a component sees: the request's during static rendering, the circuit's (fixed when it started) in an
/// interactive one.
/// </summary>
/// <param name="User">The user, anonymous once the circuit's login ended or was refused.</param>
/// <param name="IsFresh">Whether the login was fresh.</param>
/// <param name="StoreUnavailable">Whether the session store could not vouch for the login (as a request's).</param>
/// <param name="Refused">
/// Whether the circuit was reconnected from a request with another login than the one it started with: it is over, and
/// its page must be loaded again by whoever holds the browser now.
/// </param>
internal readonly record struct ComponentLogin(IUser User, bool IsFresh, bool StoreUnavailable, bool Refused);
