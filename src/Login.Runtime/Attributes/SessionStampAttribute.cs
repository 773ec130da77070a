namespace Login;

/// <summary>
/// Marks the member of a <see cref="LoginUserAttribute">[LoginUser]</see> whose change must end every session of the
/// user: the password hash, a security stamp, a "sessions valid after" time. Login keeps a hash of its value in the
/// session and remember cookies and compares on every load; after a password change, every other browser of that
/// user is logged out on its next request. The value itself never leaves the server.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class SessionStampAttribute : Attribute;
