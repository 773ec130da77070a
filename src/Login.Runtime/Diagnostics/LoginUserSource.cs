namespace Login.Diagnostics;

/// <summary>Where a request's user came from, as the <c>login.load_user</c> span tells it.</summary>
internal enum LoginUserSource : byte
{
    /// <summary>Nobody: the anonymous user.</summary>
    Anonymous,

    /// <summary>The session cookie's login.</summary>
    Session,

    /// <summary>The remember cookie, which restored the login (and rotated its token).</summary>
    RememberCookie,

    /// <summary>A <c>[RequestLoader]</c>.</summary>
    RequestLoader,

    /// <summary>A <c>[HeaderLoader]</c>.</summary>
    HeaderLoader,
}
