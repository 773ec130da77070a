using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace Login.Loading;

/// <summary>
/// A compiled <see cref="UserLoaderAttribute">[UserLoader]</see>: Login's generator writes one per loader method,
/// which parses the stored id to the loader's id type and resolves the loader's other parameters.
/// Not meant to be implemented by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IUserLoader
{
    /// <summary>The <see cref="LoginUserAttribute">[LoginUser]</see> type this loader returns.</summary>
    Type UserType { get; }

    /// <summary>Loads the user with this stored id, or <c>null</c> when the id does not parse or no such user exists.</summary>
    ValueTask<IUser?> LoadAsync(string id, HttpContext context);
}
