namespace Login;

/// <summary>The user of a request nobody is logged into (Flask-Login's <c>AnonymousUserMixin</c>).</summary>
public class AnonymousUser : IUser
{
    /// <summary>The shared instance used when <see cref="LoginOptions.AnonymousUser"/> is not replaced.</summary>
    public static AnonymousUser Instance { get; } = new();

    /// <inheritdoc />
    public virtual string? GetId() => null;

    /// <inheritdoc />
    public virtual bool IsActive => false;

    /// <inheritdoc />
    public virtual bool IsAuthenticated => false;

    /// <inheritdoc />
    public virtual bool IsAnonymous => true;
}
