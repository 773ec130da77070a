namespace Login;

/// <summary>
/// Lists and ends users' logins from admin and background code (a "log out of all devices" button, a password reset,
/// a disabled account). Take it from dependency injection. An ended login stops working on every instance and after
/// restarts; a request's own logins are easier to manage with <c>GetLoginSessionsAsync</c>,
/// <c>EndLoginSessionAsync</c> and <c>LogoutEverywhereAsync</c> on <c>HttpContext</c>.
/// </summary>
/// <remarks>Every method throws <see cref="LoginStoreUnavailableException"/> when the session store cannot be reached.</remarks>
public interface ILoginSessions
{
    /// <summary>The user's live logins, newest first.</summary>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    Task<IReadOnlyList<LoginSession>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Ends one login: every cookie of it stops working, everywhere.</summary>
    /// <param name="sessionId">A <see cref="LoginSession.Id"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns><see langword="true"/> if the login was live and is now ended; <see langword="false"/> if it was unknown, already ended or expired.</returns>
    Task<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every live login of the user.</summary>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>How many logins were ended.</returns>
    Task<int> EndAllAsync(string userId, CancellationToken cancellationToken = default);
}
