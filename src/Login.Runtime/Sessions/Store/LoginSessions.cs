using Login.CompilerServices;
using Microsoft.Extensions.Options;

namespace Login.Sessions.Store;

/// <summary>
/// <see cref="ILoginSessions"/> over the registered <see cref="ILoginSessionStore"/>, at the app's clock: each call turns
/// what it is given (a type and an id, a user, an id in a one-type app) into the user type key and id the store takes.
/// </summary>
internal sealed class LoginSessions(ILoginSessionStore store, TimeProvider time, IOptions<LoginOptions> options) : ILoginSessions
{
    private LoginUserTypes? _userTypes;

    // Built when first needed: the options were checked at startup.
    private LoginUserTypes UserTypes => _userTypes ??= LoginUserTypes.Build(options.Value);

    public Task<IReadOnlyList<LoginSession>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return ListAsync(OnlyUserType("ListAsync"), userId, cancellationToken);
    }

    public Task<IReadOnlyList<LoginSession>> ListAsync<TUser>(string userId, CancellationToken cancellationToken = default)
        where TUser : class, IUser
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return ListAsync(UserTypeOf(typeof(TUser), "TUser"), userId, cancellationToken);
    }

    public Task<IReadOnlyList<LoginSession>> ListAsync(IUser user, CancellationToken cancellationToken = default)
    {
        var (userType, userId) = Identify(user);
        return ListAsync(userType, userId, cancellationToken);
    }

    public Task<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return store.EndAsync(sessionId, time.GetUtcNow(), cancellationToken);
    }

    public Task<int> EndAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return EndAllAsync(OnlyUserType("EndAllAsync"), userId, cancellationToken);
    }

    public Task<int> EndAllAsync<TUser>(string userId, CancellationToken cancellationToken = default)
        where TUser : class, IUser
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return EndAllAsync(UserTypeOf(typeof(TUser), "TUser"), userId, cancellationToken);
    }

    public Task<int> EndAllAsync(IUser user, CancellationToken cancellationToken = default)
    {
        var (userType, userId) = Identify(user);
        return EndAllAsync(userType, userId, cancellationToken);
    }

    private async Task<IReadOnlyList<LoginSession>> ListAsync(string userType, string userId, CancellationToken cancellationToken)
    {
        var families = await store.ListLiveAsync(userType, userId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var sessions = new LoginSession[families.Count];
        for (var i = 0; i < sessions.Length; i++)
        {
            sessions[i] = families[i].ToLoginSession(isCurrent: false);
        }

        return sessions;
    }

    private async Task<int> EndAllAsync(string userType, string userId, CancellationToken cancellationToken)
    {
        var ended = await store.EndAllAsync(userType, userId, exceptFamilyId: null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return ended.Count;
    }

    /// <summary>The key of the app's only user type; with several, an id alone is ambiguous and the caller is told what to call.</summary>
    private string OnlyUserType(string method)
    {
        var all = UserTypes.All;
        if (all.Count == 1)
        {
            return all[0].Key;
        }

        var first = all[0].Type.Name;
        throw new InvalidOperationException(
            $"ILoginSessions.{method}(userId) cannot tell whose logins these are: this app has several user types ({Describe(all)}), " +
            $"and the same id may be a user of each. Name the type, such as {method}<{first}>(userId), or pass the user: {method}(user).");
    }

    private string UserTypeOf(Type type, string parameter) =>
        UserTypes.Of(type)?.Key ?? throw new ArgumentException(
            $"{type.FullName} is not a user type of this app ({Describe(UserTypes.All)}): pass a [LoginUser] class that has a [UserLoader].",
            parameter);

    private (string UserType, string UserId) Identify(IUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.GetId();
        if (string.IsNullOrEmpty(userId))
        {
            throw new ArgumentException($"{user.GetType().Name}.GetId() returned no id: only a user with an id has logins.", nameof(user));
        }

        return (UserTypeOf(user.GetType(), nameof(user)), userId);
    }

    private static string Describe(IReadOnlyList<LoginUserType> types)
    {
        var names = new string[types.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = $"{types[i].Type.Name} \"{types[i].Key}\"";
        }

        return string.Join(", ", names);
    }
}
