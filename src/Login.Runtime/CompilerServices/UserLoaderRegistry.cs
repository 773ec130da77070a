using System.ComponentModel;

namespace Login.CompilerServices;

/// <summary>
/// Where generated code registers the application's loaders, from a module initializer, so that
/// <c>AddLogin</c> finds them with no hand wiring.
/// </summary>
/// <remarks>
/// For Login's generated code: not meant to be called by hand, and not a stable API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UserLoaderRegistry
{
    private static readonly Lock Gate = new();
    private static IUserLoader[] _userLoaders = [];
    private static IRequestLoader[] _requestLoaders = [];
    private static IHeaderLoader[] _headerLoaders = [];

    /// <summary>Registers a generated <see cref="UserLoaderAttribute">[UserLoader]</see>.</summary>
    public static void Register(IUserLoader loader) => Add(ref _userLoaders, loader);

    /// <summary>Registers a generated <see cref="RequestLoaderAttribute">[RequestLoader]</see>.</summary>
    public static void Register(IRequestLoader loader) => Add(ref _requestLoaders, loader);

    /// <summary>Registers a generated <see cref="HeaderLoaderAttribute">[HeaderLoader]</see>.</summary>
    public static void Register(IHeaderLoader loader) => Add(ref _headerLoaders, loader);

    /// <summary>The user loaders registered so far.</summary>
    public static IReadOnlyList<IUserLoader> Loaders => Volatile.Read(ref _userLoaders);

    /// <summary>The request loaders registered so far.</summary>
    public static IReadOnlyList<IRequestLoader> RequestLoaders => Volatile.Read(ref _requestLoaders);

    /// <summary>The header loaders registered so far.</summary>
    public static IReadOnlyList<IHeaderLoader> HeaderLoaders => Volatile.Read(ref _headerLoaders);

    /// <summary>Every user type some registered loader returns.</summary>
    internal static IReadOnlyCollection<Type> UserTypes
    {
        get
        {
            var types = new HashSet<Type>();
            foreach (var loader in Loaders)
            {
                types.Add(loader.UserType);
            }

            foreach (var loader in RequestLoaders)
            {
                types.Add(loader.UserType);
            }

            foreach (var loader in HeaderLoaders)
            {
                types.Add(loader.UserType);
            }

            return types;
        }
    }

    private static void Add<T>(ref T[] loaders, T loader)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(loader);
        lock (Gate)
        {
            foreach (var existing in loaders)
            {
                // The same assembly initialized twice (e.g. by two test hosts) registers the same loader again.
                if (existing.GetType() == loader.GetType())
                {
                    return;
                }
            }

            Volatile.Write(ref loaders, [.. loaders, loader]);
        }
    }
}
