using Login.Guards;
using Microsoft.Extensions.Logging;

namespace Login.Diagnostics;

/// <summary>What Login logs, source-generated so a disabled level costs nothing. User ids are logged, never cookies.</summary>
internal static partial class LoginLog
{
    [LoggerMessage(1, LogLevel.Information, "User {UserId} logged in (fresh: {Fresh}, remember: {Remember}).")]
    public static partial void LoggedIn(ILogger logger, string userId, bool fresh, bool remember);

    [LoggerMessage(2, LogLevel.Information, "User {UserId} logged out.")]
    public static partial void LoggedOut(ILogger logger, string userId);

    [LoggerMessage(3, LogLevel.Debug, "User {UserId} restored from the remember cookie.")]
    public static partial void RestoredFromRememberCookie(ILogger logger, string userId);

    [LoggerMessage(4, LogLevel.Warning, "Session of user {UserId} used from another client; {Protection} protection {Action}.")]
    public static partial void SessionProtected(ILogger logger, string userId, SessionProtection protection, string action);

    [LoggerMessage(5, LogLevel.Debug, "Request to {Path} stopped by Login: {Reason}.")]
    public static partial void Challenged(ILogger logger, string path, string reason);

    [LoggerMessage(85, LogLevel.Information, "Request to {Path} refused with 403: it requires a login as {RequiredType}, and the request is logged in as {UserType}.")]
    public static partial void WrongUserType(ILogger logger, string? path, string requiredType, string userType);

    [LoggerMessage(86, LogLevel.Information, "Component {Component} not shown (403): it requires a login as {RequiredType}, and the circuit is logged in as {UserType}.")]
    public static partial void ComponentWrongUserType(ILogger logger, string component, string requiredType, string userType);

    [LoggerMessage(7, LogLevel.Trace, "Guard passed {Path} ({Requirement}).")]
    public static partial void GuardPassed(ILogger logger, string? path, LoginRequirement requirement);

    [LoggerMessage(21, LogLevel.Debug, "{Method} {Path} answered by Login without running the guarded handler (an exempt method).")]
    public static partial void ExemptMethodAnswered(ILogger logger, string method, string? path);

    [LoggerMessage(6, LogLevel.Debug, "Session cookie ignored: {Reason}.")]
    public static partial void SessionCookieIgnored(ILogger logger, string reason);

    [LoggerMessage(20, LogLevel.Warning,
        "The request carries the {Cookie} cookie more than once (or under a look-alike name), so none of its copies is trusted: " +
        "a cookie planted by a sibling domain looks like this.")]
    public static partial void DuplicateCookie(ILogger logger, string cookie);

    [LoggerMessage(30, LogLevel.Warning,
        "Login keeps its login records in this process's memory ({Environment}): a logout does not reach other instances and is " +
        "forgotten at restart. Add a store: AddLogin(...).AddSqliteStore(...) on one machine, AddPostgreSqlStore(...) on several.")]
    public static partial void InMemorySessionStore(ILogger logger, string environment);

    [LoggerMessage(31, LogLevel.Warning, "Login's session store cannot be reached; guarded requests go on from what this instance knows, then fail closed with 503.")]
    public static partial void SessionStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(32, LogLevel.Warning,
        "A remember cookie of user {UserId} was used again after it had been replaced (a copy in another browser): login {FamilyId} ended.")]
    public static partial void RememberTokenTheft(ILogger logger, string userId, string familyId);

    [LoggerMessage(33, LogLevel.Warning, "Guarded request to {Path} answered 503: the session store has not answered for longer than {MaxStaleness}.")]
    public static partial void StoreTooStale(ILogger logger, string? path, TimeSpan maxStaleness);

    [LoggerMessage(34, LogLevel.Warning, "Revalidating the logins of open connections failed; they are kept and revalidated again at the next interval.")]
    public static partial void ConnectionRevalidationFailed(ILogger logger, Exception exception);

    [LoggerMessage(35, LogLevel.Information, "A connection's login ended ({Reason}); the connection ends with it.")]
    public static partial void ConnectionLoginEnded(ILogger logger, string reason);

    [LoggerMessage(56, LogLevel.Warning, "Request to {Path} needed Login's session store, which cannot be reached: answered 503 with Retry-After.")]
    public static partial void StoreUnavailableAnswered(ILogger logger, string? path, Exception exception);

    [LoggerMessage(36, LogLevel.Debug, "Connection to hub {Hub} refused: {Reason}.")]
    public static partial void HubConnectionRefused(ILogger logger, string hub, string reason);

    [LoggerMessage(37, LogLevel.Debug, "Call to {Hub}.{Method} refused: {Reason}.")]
    public static partial void HubCallRefused(ILogger logger, string hub, string method, string reason);

    [LoggerMessage(38, LogLevel.Information, "Hub connection {ConnectionId} to {Hub} closed by Login: its login ended ({Reason}).")]
    public static partial void HubConnectionClosed(ILogger logger, string connectionId, string hub, string reason);

    [LoggerMessage(39, LogLevel.Warning,
        "A request to hub connection {ConnectionId} came with another login than the one the connection was opened with; the request " +
        "was refused and the connection closed.")]
    public static partial void HubConnectionTakeoverRefused(ILogger logger, string connectionId);

    [LoggerMessage(46, LogLevel.Warning, "A component's login could not be read (the session store or the user loader failed); it is treated as anonymous and unvouched.")]
    public static partial void ComponentLoginFailed(ILogger logger, Exception exception);

    [LoggerMessage(47, LogLevel.Warning,
        "A Blazor circuit was reconnected from a request with another login than the one it started with: the circuit is refused " +
        "(its events are dropped) and the browser loads the page again as whoever it is now.")]
    public static partial void CircuitRefused(ILogger logger);

    [LoggerMessage(48, LogLevel.Information, "The guard of component {Component} did not pass in a circuit; the browser goes to {Location}.")]
    public static partial void ComponentGuardLeft(ILogger logger, string component, string location);

    // One line per refused remember cookie, with its login's id (never the token): "why am I logged out" has an answer.
    [LoggerMessage(57, LogLevel.Debug, "Remember cookie ignored: {Reason} (login {LoginId}).")]
    public static partial void RememberCookieIgnored(ILogger logger, string reason, string loginId);

    // A login names its user type by key; a cookie whose key this app does not know (renamed or removed between deploys,
    // or a key-less cookie from before Login kept types in an app with several) restores nobody. Ids 80-84.
    [LoggerMessage(80, LogLevel.Warning, "Session cookie ignored: its login is of user type {UserType}, {Reason}; the request is anonymous.")]
    public static partial void SessionUserTypeUnknown(ILogger logger, string userType, string reason);

    [LoggerMessage(81, LogLevel.Warning, "Remember cookie ignored: its login {LoginId} is of user type {UserType}, {Reason}; it restores nobody.")]
    public static partial void RememberUserTypeUnknown(ILogger logger, string loginId, string userType, string reason);

    [LoggerMessage(82, LogLevel.Warning,
        "Remember cookie refused: it says its login {LoginId} is of user type {CookieUserType}, the session store's record of that login " +
        "says {StoreUserType}. The record was changed or the cookie is not that login's; nobody is restored from it.")]
    public static partial void RememberUserTypeMismatch(ILogger logger, string loginId, string cookieUserType, string storeUserType);

    // The session cookie's own keys come from DataProtection's key ring (SessionCookieKeys); without them cookies are
    // protected with DataProtection itself, and cookies sealed with them are refused until the key ring can be read.
    [LoggerMessage(87, LogLevel.Warning, "Login could not read DataProtection's key ring for the session cookie's keys; it goes on with the keys it has, or with DataProtection itself.")]
    public static partial void SessionCookieKeysUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(58, LogLevel.Warning, "The app's default authentication scheme is '{Scheme}', not Login, so HttpContext.User, [Authorize] and antiforgery " +
        "see that scheme's user, not the Login user, on these [LoginRequired] endpoints that rely on it: {Endpoints}. If they mean the Login user, " +
        "drop the other default (AddAuthentication() without a scheme, or AddAuthentication(LoginDefaults.AuthenticationScheme)), or name Login " +
        "where it is meant: [Authorize(AuthenticationSchemes = LoginDefaults.AuthenticationScheme)].")]
    public static partial void OtherDefaultScheme(ILogger logger, string scheme, string endpoints);
}
