namespace Login.Samples.Accounts;

/// <summary>How Login finds a user again: from the id in the session, or from an API key in the request's header.</summary>
public static class UserLoaders
{
    private const string BearerScheme = "Bearer ";

    /// <summary>The user whose id the session or remember cookie holds; <c>null</c> (anonymous) once deleted.</summary>
    [UserLoader]
    public static Task<User?> FromSession(int id, UserStore users, CancellationToken cancellationToken) =>
        users.FindByIdAsync(id, cancellationToken);

    /// <summary>
    /// An API client: <c>Authorization: Bearer &lt;key&gt;</c> (the header is <c>LoginOptions.AuthHeaderName</c>).
    /// Tried only when no cookie names a user; the user it finds is logged in for this request alone, never fresh.
    /// </summary>
    [HeaderLoader]
    public static Task<User?> FromApiKey(string headerValue, UserStore users, CancellationToken cancellationToken)
    {
        if (!headerValue.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<User?>(null);
        }

        var key = headerValue.AsSpan(BearerScheme.Length).Trim();
        return key.IsEmpty ? Task.FromResult<User?>(null) : users.FindByApiKeyAsync(key.ToString(), cancellationToken);
    }
}
