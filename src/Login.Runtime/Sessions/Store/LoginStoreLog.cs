using Microsoft.Extensions.Logging;

namespace Login.Sessions.Store;

/// <summary>What the session stores log (event ids 40 to 59, 65 to 69, and 75 to 79), shared by the store packages.</summary>
internal static partial class LoginStoreLog
{
    [LoggerMessage(40, LogLevel.Debug, "Pruned {Count} expired login families.")]
    public static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(41, LogLevel.Warning, "Could not prune expired login families; trying again in {Interval}.")]
    public static partial void PruneFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(42, LogLevel.Warning, "Lost the {Store} session store's ending notifications; reconnecting with backoff. Logouts on other instances are not seen until then.")]
    public static partial void WatchDisconnected(ILogger logger, string store, Exception exception);

    [LoggerMessage(43, LogLevel.Information, "The {Store} session store's ending notifications are back after {Attempts} attempts.")]
    public static partial void WatchReconnected(ILogger logger, string store, int attempts);

    [LoggerMessage(44, LogLevel.Information, "Created the {Store} session store's schema, version {Version}.")]
    public static partial void SchemaCreated(ILogger logger, string store, int version);

    [LoggerMessage(65, LogLevel.Warning, "Login's session store is shared by application name \"{Application}\", which this app never chose (DataProtection's default, the content root path). Another app with the same name on the same database would share its logins, endings and keys. Set LoginOptions.ApplicationName or AddDataProtection().SetApplicationName(...).")]
    public static partial void ApplicationNotNamed(ILogger logger, string application);

    [LoggerMessage(66, LogLevel.Warning, "This instance remembers its maximum of {Max} ended logins (LoginOptions.MaxEndedLoginsInMemory): it forgot {Forgotten} ending(s) in the last minute, and refuses every session cookie issued before {IssuedBefore:O} instead; a remember cookie restores its login through the store.")]
    public static partial void EndedLoginsForgotten(ILogger logger, int max, long forgotten, DateTimeOffset issuedBefore);

    [LoggerMessage(75, LogLevel.Information, "The {Store} session store gave {Count} login(s) recorded before Login kept user types the app's only user type, \"{UserType}\": they go on working if the app adds another user type.")]
    public static partial void LegacyLoginsTyped(ILogger logger, string store, int count, string userType);
}
