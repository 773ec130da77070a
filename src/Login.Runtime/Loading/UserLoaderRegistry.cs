using System.ComponentModel;

namespace Login.Loading;

/// <summary>
/// Where generated code registers the application's loaders, from a module initializer, so that
/// <c>AddLogin</c> finds them with no hand wiring.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UserLoaderRegistry
{
    private static readonly Lock Gate = new();
    private static IUserLoader[] _loaders = [];

    /// <summary>Registers a generated loader. Called by generated module initializers.</summary>
    public static void Register(IUserLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        lock (Gate)
        {
            foreach (var existing in _loaders)
            {
                // The same assembly loaded twice (e.g. by two test hosts) registers the same loader again.
                if (existing.GetType() == loader.GetType())
                {
                    return;
                }
            }

            _loaders = [.. _loaders, loader];
        }
    }

    /// <summary>The loaders registered so far.</summary>
    public static IReadOnlyList<IUserLoader> Loaders => Volatile.Read(ref _loaders);

    internal static IUserLoader Resolve(Type? userType)
    {
        var loaders = Loaders;
        if (userType is not null)
        {
            foreach (var loader in loaders)
            {
                if (loader.UserType == userType)
                {
                    return loader;
                }
            }

            throw new InvalidOperationException(
                $"LoginOptions.UserType is {userType.FullName}, but no [UserLoader] returns it. " +
                $"Add a static method marked [UserLoader] that takes the user's id and returns {userType.Name}?.");
        }

        return loaders.Count switch
        {
            1 => loaders[0],
            0 => throw new InvalidOperationException(
                "Login found no [UserLoader]. Mark a partial class [LoginUser] and add a static method marked [UserLoader] " +
                "that takes the user's id and returns the user (or null), e.g. " +
                "[UserLoader] public static User? Load(int id, AppDb db) => db.Users.Find(id);"),
            _ => throw new InvalidOperationException(
                $"Login found loaders for several user types ({string.Join(", ", loaders.Select(l => l.UserType.FullName))}). " +
                "Choose the one the session holds with AddLogin(o => o.UserType = typeof(YourUser))."),
        };
    }
}
