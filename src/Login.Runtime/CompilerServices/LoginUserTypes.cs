using System.Reflection;
using System.Text;

namespace Login.CompilerServices;

/// <summary>
/// One <see cref="LoginUserAttribute">[LoginUser]</see> type of the app: the key its logins record and its loaders.
/// </summary>
internal sealed class LoginUserType
{
    public LoginUserType(string key, Type type, IUserLoader? user, IRequestLoader[] request, IHeaderLoader[] header)
    {
        Key = key;
        KeyUtf8 = Encoding.UTF8.GetBytes(key);
        Type = type;
        User = user;
        Request = request;
        Header = header;
    }

    /// <summary>What cookies and the store record: <see cref="LoginUserAttribute.Key"/>, else the class's name.</summary>
    public string Key { get; }

    /// <summary><see cref="Key"/> in UTF-8, to recognize it in a cookie's bytes without allocating a string.</summary>
    public byte[] KeyUtf8 { get; }

    public Type Type { get; }

    /// <summary>The type's <see cref="UserLoaderAttribute">[UserLoader]</see>: without one, nobody logs in as this type.</summary>
    public IUserLoader? User { get; }

    public IRequestLoader[] Request { get; }

    public IHeaderLoader[] Header { get; }

    public override string ToString() => $"{Type.FullName} (\"{Key}\")";
}

/// <summary>
/// The app's user types, from the loaders its generated code registered (<see cref="UserLoaderRegistry"/>): which type
/// a login's recorded key names, which type a user object is, and which type logins that recorded none belong to.
/// </summary>
internal sealed class LoginUserTypes
{
    private readonly LoginUserType[] _all;

    /// <summary>The app's user types, as <see cref="Build"/> finds them (or a test makes them).</summary>
    /// <param name="all">Every user type, in the order their loaders were registered; keys unique.</param>
    /// <param name="legacy">The type of logins that recorded none (see <see cref="Legacy"/>).</param>
    internal LoginUserTypes(LoginUserType[] all, LoginUserType? legacy)
    {
        _all = all;
        Legacy = legacy;
        RequestLoaders = InRegistrationOrder(all, UserLoaderRegistry.RequestLoaders, static t => t.Request);
        HeaderLoaders = InRegistrationOrder(all, UserLoaderRegistry.HeaderLoaders, static t => t.Header);
        foreach (var type in all)
        {
            HasUserLoader |= type.User is not null;
        }
    }

    /// <summary>Every user type, in the order their loaders were registered.</summary>
    public IReadOnlyList<LoginUserType> All => _all;

    /// <summary>Whether the app has more than one user type.</summary>
    public bool HasSeveral => _all.Length > 1;

    /// <summary>
    /// The type of logins that recorded no user type (made before Login kept types): the only user type the app uses;
    /// <see langword="null"/> with several, and then such logins end (their users log in again).
    /// </summary>
    public LoginUserType? Legacy { get; }

    /// <summary>Whether some user type has a <see cref="UserLoaderAttribute">[UserLoader]</see>: whether anyone can log in.</summary>
    public bool HasUserLoader { get; }

    /// <summary>Every type's request loaders, in registration order: the order a request tries them.</summary>
    public IRequestLoader[] RequestLoaders { get; }

    /// <summary>Every type's header loaders, in registration order.</summary>
    public IHeaderLoader[] HeaderLoaders { get; }

    /// <summary>
    /// The loaders of <paramref name="types"/> (only theirs: <see cref="LoginOptions.UserType"/> may have left some out),
    /// in the order they were registered, which is the order a request tries them.
    /// </summary>
    private static T[] InRegistrationOrder<T>(LoginUserType[] types, IReadOnlyList<T> registered, Func<LoginUserType, T[]> loadersOf)
        where T : class
    {
        var ordered = new List<T>();
        foreach (var loader in registered)
        {
            foreach (var type in types)
            {
                if (Array.IndexOf(loadersOf(type), loader) >= 0)
                {
                    ordered.Add(loader);
                    break;
                }
            }
        }

        // Loaders no generated code registered (a test's own): after the registered ones, type by type.
        foreach (var type in types)
        {
            foreach (var loader in loadersOf(type))
            {
                if (!ordered.Contains(loader))
                {
                    ordered.Add(loader);
                }
            }
        }

        return [.. ordered];
    }

    /// <summary>The user type with this key, or <see langword="null"/> (renamed, removed, or never ours).</summary>
    public LoginUserType? Find(string? key)
    {
        if (key is null)
        {
            return null;
        }

        foreach (var type in _all)
        {
            if (string.Equals(type.Key, key, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>The user type whose key is these UTF-8 bytes, or <see langword="null"/>.</summary>
    public LoginUserType? Find(ReadOnlySpan<byte> utf8Key)
    {
        foreach (var type in _all)
        {
            if (utf8Key.SequenceEqual(type.KeyUtf8))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// The user type <paramref name="type"/> is: itself, or the nearest base class that is one (a subclass of a user
    /// class is that user type); <see langword="null"/> when it is no user type of the app.
    /// </summary>
    public LoginUserType? Of(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var userType in _all)
            {
                if (userType.Type == current)
                {
                    return userType;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="user"/> as a <typeparamref name="TUser"/>, or <see langword="null"/>: when <typeparamref name="TUser"/>
    /// is one of the app's user types, only a user of that very type (a subclass of it that is a user type of its own is
    /// another type); otherwise (<see cref="IUser"/>, an interface the types share) whatever the cast gives.
    /// </summary>
    public TUser? As<TUser>(IUser user)
        where TUser : class, IUser
    {
        if (user is not TUser typed)
        {
            return null;
        }

        var type = user.GetType();
        if (type == typeof(TUser))
        {
            return typed;
        }

        return Of(typeof(TUser)) is { } wanted && wanted.Type == typeof(TUser) && Of(type) != wanted ? null : typed;
    }

    /// <summary>The key <paramref name="type"/>'s logins record: its <see cref="LoginUserAttribute.Key"/>, else its name.</summary>
    public static string KeyOf(Type type) => type.GetCustomAttribute<LoginUserAttribute>()?.Key ?? type.Name;

    /// <summary>
    /// The app's user types: every type a registered loader returns, or only <see cref="LoginOptions.UserType"/> when set;
    /// checked: each key valid and unique.
    /// </summary>
    /// <exception cref="InvalidOperationException">Says what to change.</exception>
    public static LoginUserTypes Build(LoginOptions options)
    {
        var types = new List<Type>();
        void Add(Type type)
        {
            if (!types.Contains(type))
            {
                types.Add(type);
            }
        }

        foreach (var loader in UserLoaderRegistry.Loaders)
        {
            Add(loader.UserType);
        }

        foreach (var loader in UserLoaderRegistry.RequestLoaders)
        {
            Add(loader.UserType);
        }

        foreach (var loader in UserLoaderRegistry.HeaderLoaders)
        {
            Add(loader.UserType);
        }

        if (options.UserType is { } chosen)
        {
            if (!types.Contains(chosen))
            {
                throw new InvalidOperationException(
                    $"LoginOptions.UserType is {chosen.FullName}, but no [UserLoader], [RequestLoader] or [HeaderLoader] returns it. " +
                    $"Add a static method marked [UserLoader] that takes the user's id and returns {chosen.Name}?.");
            }

            // The app uses this one user type, though the process has loaders for others (test hosts, several apps).
            types = [chosen];
        }

        if (types.Count == 0)
        {
            throw new InvalidOperationException(
                "Login found no [UserLoader]. Mark a partial class [LoginUser] and add a static method marked [UserLoader] " +
                "that takes the user's id and returns the user (or null), such as " +
                "[UserLoader] public static User? Load(int id, AppDb db) => db.Users.Find(id);");
        }

        var all = new LoginUserType[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            var key = KeyOf(type);
            if (!LoginUserAttribute.IsValidKey(key))
            {
                throw new InvalidOperationException(
                    $"The user type {type.FullName} has the key \"{key}\", which Login cannot record: use 1 to {LoginUserAttribute.MaxKeyLength} " +
                    "letters, digits, '-', '_' or '.', such as [LoginUser(\"admin\")].");
            }

            for (var j = 0; j < i; j++)
            {
                if (all[j].Key == key)
                {
                    throw new InvalidOperationException(
                        $"The user types {all[j].Type.FullName} and {type.FullName} both have the key \"{key}\", so their logins could not be " +
                        $"told apart. Give one of them its own key, such as [LoginUser(\"{key}-2\")].");
                }
            }

            all[i] = new LoginUserType(
                key,
                type,
                UserLoaderRegistry.Loaders.FirstOrDefault(l => l.UserType == type),
                [.. UserLoaderRegistry.RequestLoaders.Where(l => l.UserType == type)],
                [.. UserLoaderRegistry.HeaderLoaders.Where(l => l.UserType == type)]);
        }

        // Logins recorded before Login kept user types belong to the only type the app uses, if it uses one.
        var legacy = all.Length == 1 ? all[0] : null;

        foreach (var (viewType, _) in options.LoginViews)
        {
            if (Array.Find(all, t => t.Type == viewType) is null)
            {
                throw new InvalidOperationException(
                    $"LoginViewFor<{viewType.Name}> names a type no [UserLoader], [RequestLoader] or [HeaderLoader] returns: " +
                    "it must be a [LoginUser] class with a loader.");
            }
        }

        return new LoginUserTypes(all, legacy);
    }
}
