namespace Login;

/// <summary>
/// Thrown when Login's session store cannot be reached: the database refuses connections, is shutting down, times out,
/// or (SQLite) the file cannot be opened or stays locked past its timeout. Nothing was changed that the caller has to
/// undo. Answer it with 503 Service Unavailable and a <c>Retry-After</c> header, for example with
/// <c>app.UseExceptionHandler</c> or an <c>IExceptionHandler</c> that tests for this type; a login attempt throws it
/// rather than logging the user in without a server-side record.
/// </summary>
public sealed class LoginStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached, and why.</param>
    /// <param name="innerException">The database client's exception.</param>
    public LoginStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
