namespace Login;

/// <summary>
/// A user as Login sees it (Flask-Login's <c>UserMixin</c> protocol). <see cref="LoginUserAttribute">[LoginUser]</see>
/// classes get this implementation generated; <see cref="AnonymousUser"/> stands for nobody.
/// </summary>
public interface IUser
{
    /// <summary>The id stored in the session, formatted with the invariant culture; <c>null</c> for the anonymous user.</summary>
    string? GetId();

    /// <summary>Whether the account may log in. Inactive users are refused by <c>LoginUserAsync</c> unless forced.</summary>
    bool IsActive { get; }

    /// <summary>Whether this user passes <see cref="LoginRequiredAttribute">[LoginRequired]</see>; equals <see cref="IsActive"/> for real users.</summary>
    bool IsAuthenticated { get; }

    /// <summary><c>true</c> only for the anonymous user.</summary>
    bool IsAnonymous { get; }
}
