namespace Login;

/// <summary>
/// Marks one of the application's user classes. The class must be <c>partial</c>: Login's generator adds the
/// <see cref="IUser"/> members (<c>GetId()</c>, <c>IsActive</c>, <c>IsAuthenticated</c>, <c>IsAnonymous</c>),
/// equality by id, and the binding that makes a handler parameter of this type the current user.
/// </summary>
/// <remarks>
/// An app may have several user types (customers and staff, each with its own table and loaders). Every login records
/// its user type's <see cref="Key"/>, so the same id in two types never confuses them: an <c>Admin</c> 5 login is never
/// served as <c>Customer</c> 5. The key is what cookies and the session store keep: changing it ends the logins made
/// under the old one.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LoginUserAttribute : Attribute
{
    /// <summary>The longest <see cref="Key"/> Login accepts.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>Marks the user class; its key is the class's name.</summary>
    public LoginUserAttribute()
    {
    }

    /// <summary>Marks the user class with the key its logins record.</summary>
    /// <param name="key">
    /// The user type's key, such as <c>"admin"</c>: 1 to <see cref="MaxKeyLength"/> characters, letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>, unique among the app's user types.
    /// </param>
    public LoginUserAttribute(string key) => Key = key;

    /// <summary>The key the user type's logins record; <see langword="null"/> for the class's name.</summary>
    public string? Key { get; }

    /// <summary>Whether <paramref name="key"/> is a usable user type key (see <see cref="LoginUserAttribute(string)"/>).</summary>
    internal static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
