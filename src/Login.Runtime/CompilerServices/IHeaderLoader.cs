using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace Login.CompilerServices;

/// <summary>
/// A compiled <see cref="HeaderLoaderAttribute">[HeaderLoader]</see>: loads a user from the value of the header named
/// by <see cref="LoginOptions.AuthHeaderName"/>, tried after the request loaders. Written by Login's generator.
/// </summary>
/// <remarks>
/// For Login's generated code, which implements it: not meant to be implemented or called by hand, and not a stable
/// API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IHeaderLoader
{
    /// <summary>The <see cref="LoginUserAttribute">[LoginUser]</see> type this loader returns.</summary>
    Type UserType { get; }

    /// <summary>The user the header value proves the request is, or <c>null</c>.</summary>
    ValueTask<IUser?> LoadAsync(string headerValue, HttpContext context);
}
