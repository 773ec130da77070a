namespace Login;

/// <summary>
/// Marks a static method that loads a user from the value of the header named by
/// <see cref="LoginOptions.AuthHeaderName"/> (default <c>Authorization</c>), as Flask-Login's <c>header_loader</c>.
/// Its first parameter is the header value as a <see cref="string"/>; further parameters are as for
/// <see cref="UserLoaderAttribute">[UserLoader]</see>. Tried after the request loaders.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class HeaderLoaderAttribute : Attribute;
