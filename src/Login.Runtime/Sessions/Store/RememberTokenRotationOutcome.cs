namespace Login;

/// <summary>What <see cref="ILoginSessionStore.RotateRememberTokenAsync"/> decided.</summary>
public enum RememberTokenRotationOutcome
{
    /// <summary>The presented token was the current one: the new token is now current, the presented one is the previous. Issue the new token.</summary>
    Rotated = 0,

    /// <summary>
    /// The presented token was replaced by a rotation within the grace window (a browser's parallel requests each
    /// restoring the login): nothing changed. Issue the already-current token the result carries, so every request of
    /// that browser ends up with the same cookie.
    /// </summary>
    ReplayWithinGrace = 1,

    /// <summary>
    /// The presented token was replaced longer ago than the grace window, or is older than the previous token: a copy
    /// of the cookie is being used by someone else. The store has ended the family, in the same transaction; refuse the
    /// request, log a warning and count it.
    /// </summary>
    Theft = 2,

    /// <summary>The family is unknown, ended, expired, or has no remember token: refuse the cookie.</summary>
    EndedOrUnknown = 3,
}
