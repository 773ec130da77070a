using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace Login.CompilerServices;

/// <summary>
/// A compiled <see cref="UserLoaderAttribute">[UserLoader]</see>: Login's generator writes one per loader method,
/// which parses the stored id to the loader's id type and resolves the loader's other parameters.
/// </summary>
/// <remarks>
/// For Login's generated code, which implements it: not meant to be implemented or called by hand, and not a stable
/// API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IUserLoader
{
    /// <summary>The <see cref="LoginUserAttribute">[LoginUser]</see> type this loader returns.</summary>
    Type UserType { get; }

    /// <summary>Loads the user with this stored id, or <c>null</c> when the id does not parse or no such user exists.</summary>
    ValueTask<IUser?> LoadAsync(string id, HttpContext context);
}
