namespace Login;

/// <summary>
/// Lists and ends users' logins from admin and background code (a "log out of all devices" button, a password reset,
/// a disabled account). Take it from dependency injection. An ended login stops working on every instance and after
/// restarts; a request's own logins are easier to manage with <c>GetLoginSessionsAsync</c>,
/// <c>EndLoginSessionAsync</c> and <c>LogoutEverywhereAsync</c> on <c>HttpContext</c>.
/// </summary>
/// <remarks>
/// <para>
/// A user is a user type and an id: in an app with <c>[LoginUser] Customer</c> and <c>[LoginUser("admin")] Admin</c>,
/// Customer 5 and Admin 5 are two people, and their logins are listed and ended apart. Name the type with
/// <see cref="ListAsync{TUser}(string, CancellationToken)"/> and <see cref="EndAllAsync{TUser}(string, CancellationToken)"/>,
/// or pass the user object (<see cref="ListAsync(IUser, CancellationToken)"/>, <see cref="EndAllAsync(IUser, CancellationToken)"/>).
/// The overloads that take an id alone are for apps with one user type: with several, they throw rather than guess.
/// </para>
/// <para>Every method throws <see cref="LoginStoreUnavailableException"/> when the session store cannot be reached.</para>
/// </remarks>
// RS0026 warns of overloads that each take an optional parameter, which can make a call ambiguous. These differ in a
// required parameter's type (string, IUser) or in a type argument, so no call is ambiguous, and each takes the
// cancellation token last and optional, as every other async API here does.
#pragma warning disable RS0026
public interface ILoginSessions
{
    /// <summary>The user's live logins, newest first, in an app with one user type.</summary>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="InvalidOperationException">
    /// The app has several user types, so an id alone names no one: call <see cref="ListAsync{TUser}(string, CancellationToken)"/>
    /// or <see cref="ListAsync(IUser, CancellationToken)"/>.
    /// </exception>
    Task<IReadOnlyList<LoginSession>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The live logins of the <typeparamref name="TUser"/> with this id, newest first; never another type's.</summary>
    /// <typeparam name="TUser">One of the app's <see cref="LoginUserAttribute">[LoginUser]</see> types (or a subclass of one).</typeparam>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TUser"/> is no user type of the app.</exception>
    Task<IReadOnlyList<LoginSession>> ListAsync<TUser>(string userId, CancellationToken cancellationToken = default)
        where TUser : class, IUser;

    /// <summary>The live logins of <paramref name="user"/> (its type and its id), newest first.</summary>
    /// <param name="user">A user of one of the app's user types, with an id.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="ArgumentException">The user has no id, or its class is no user type of the app.</exception>
    Task<IReadOnlyList<LoginSession>> ListAsync(IUser user, CancellationToken cancellationToken = default);

    /// <summary>Ends one login: every cookie of it stops working, everywhere.</summary>
    /// <param name="sessionId">A <see cref="LoginSession.Id"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns><see langword="true"/> if the login was live and is now ended; <see langword="false"/> if it was unknown, already ended or expired.</returns>
    Task<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every live login of the user, in an app with one user type.</summary>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>How many logins were ended.</returns>
    /// <exception cref="InvalidOperationException">
    /// The app has several user types, so an id alone names no one: call <see cref="EndAllAsync{TUser}(string, CancellationToken)"/>
    /// or <see cref="EndAllAsync(IUser, CancellationToken)"/>.
    /// </exception>
    Task<int> EndAllAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Ends every live login of the <typeparamref name="TUser"/> with this id; another type's user with the same id stays logged in.</summary>
    /// <typeparam name="TUser">One of the app's <see cref="LoginUserAttribute">[LoginUser]</see> types (or a subclass of one).</typeparam>
    /// <param name="userId">The user's <see cref="IUser.GetId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>How many logins were ended.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TUser"/> is no user type of the app.</exception>
    Task<int> EndAllAsync<TUser>(string userId, CancellationToken cancellationToken = default)
        where TUser : class, IUser;

    /// <summary>Ends every live login of <paramref name="user"/> (its type and its id).</summary>
    /// <param name="user">A user of one of the app's user types, with an id.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>How many logins were ended.</returns>
    /// <exception cref="ArgumentException">The user has no id, or its class is no user type of the app.</exception>
    Task<int> EndAllAsync(IUser user, CancellationToken cancellationToken = default);
}
#pragma warning restore RS0026
