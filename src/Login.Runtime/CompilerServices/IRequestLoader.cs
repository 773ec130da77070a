using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace Login.CompilerServices;

/// <summary>
/// A compiled <see cref="RequestLoaderAttribute">[RequestLoader]</see>: loads a user from the request itself
/// (an API key in the query, a token in a header) when neither the session nor the remember cookie names one.
/// Written by Login's generator.
/// </summary>
/// <remarks>
/// For Login's generated code, which implements it: not meant to be implemented or called by hand, and not a stable
/// API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRequestLoader
{
    /// <summary>The <see cref="LoginUserAttribute">[LoginUser]</see> type this loader returns.</summary>
    Type UserType { get; }

    /// <summary>The user the request proves it is, or <c>null</c>.</summary>
    ValueTask<IUser?> LoadAsync(HttpContext context);
}
