using Login.Diagnostics;

namespace Login.Sessions.Request;

/// <summary>What <see cref="UserResolver"/> made of a request: who it is, and how it knows.</summary>
/// <param name="User">The user; <c>null</c> while a step found nobody (the request is then anonymous).</param>
/// <param name="Source">Where the user came from.</param>
/// <param name="FromLogin">Whether the user is the login's (session or remember cookie), not a request or header loader's.</param>
/// <param name="StoreUnavailable">Whether the session store was needed and could not vouch for the login.</param>
internal readonly record struct ResolvedUser(IUser? User, LoginUserSource Source, bool FromLogin, bool StoreUnavailable)
{
    public static ResolvedUser Nobody => default;

    public static ResolvedUser Unvouched => new(null, LoginUserSource.Anonymous, FromLogin: false, StoreUnavailable: true);
}
