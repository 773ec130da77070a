using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace Login.Loading;

/// <summary>
/// A compiled <see cref="RequestLoaderAttribute">[RequestLoader]</see>: loads a user from the request itself
/// (an API key in the query, a token in a header) when neither the session nor the remember cookie names one.
/// Written by Login's generator; not meant to be implemented by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRequestLoader
{
    /// <summary>The <see cref="LoginUserAttribute">[LoginUser]</see> type this loader returns.</summary>
    Type UserType { get; }

    /// <summary>The user the request proves it is, or <c>null</c>.</summary>
    ValueTask<IUser?> LoadAsync(HttpContext context);
}
