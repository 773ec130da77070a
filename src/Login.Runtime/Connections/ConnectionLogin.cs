using Login.Sessions;

namespace Login.Connections;

/// <summary>
/// The login a live connection (a SignalR connection, a Blazor circuit) was opened with, for as long as the connection
/// lives. <see cref="Ended"/> is cancelled when that login ends, on whichever instance it was ended: a logout, log out
/// everywhere, <c>EndLoginSessionAsync</c>, a rotated remember token found stolen (the push that refuses copies of the
/// cookies), the user's <c>[SessionStamp]</c> changing or the user no longer loading (revalidation), or the last cookie
/// of the login expiring. A connection never takes on another user: it keeps this one, or ends.
/// </summary>
internal sealed class ConnectionLogin : IDisposable
{
    private readonly CancellationTokenSource _ended = new();
    private readonly ConnectionLogins? _owner;
    private IDisposable? _watch;
    private ITimer? _expiry;
    private string? _endedBecause;

    /// <summary>An anonymous connection, or one whose user came from a request or header loader: there is no login to end.</summary>
    internal ConnectionLogin(IUser user, bool isFresh)
    {
        User = user;
        IsFresh = isFresh;
    }

    internal ConnectionLogin(LoginSnapshot login, ConnectionLogins owner)
        : this(login.User, login.IsFresh)
    {
        Login = login;
        _owner = owner;
    }

    /// <summary>The user the connection was opened with.</summary>
    public IUser User { get; }

    /// <summary>Whether the login was fresh when the connection opened (a fresh login does not become stale by itself).</summary>
    public bool IsFresh { get; }

    /// <summary>The login, when the user came from one; <c>null</c> for anonymous connections and loader users.</summary>
    public LoginSnapshot? Login { get; }

    /// <summary>Cancelled when the login ends.</summary>
    public CancellationToken Ended => _ended.Token;

    public bool HasEnded => _endedBecause is not null;

    /// <summary>Why the login ended, for logs and the close message; <c>null</c> while it lasts.</summary>
    public string? EndedBecause => Volatile.Read(ref _endedBecause);

    internal ITimer? ExpiryTimer => _expiry;

    /// <summary>
    /// Whether a later request to the same connection (a long poll, a reconnect) comes with this login: the same login
    /// family, or, with no login, the same user (anonymous, or a request or header loader's user).
    /// </summary>
    internal bool IsSameLogin(IUser user, LoginSnapshot? login)
    {
        if (Login is { } own)
        {
            return login is not null && login.FamilyId == own.FamilyId;
        }

        if (login is not null || user.IsAuthenticated != User.IsAuthenticated)
        {
            return false;
        }

        // Two user types may share an id (an Admin 5 is not a Customer 5).
        return !user.IsAuthenticated || user.GetType() == User.GetType() && string.Equals(user.GetId(), User.GetId(), StringComparison.Ordinal);
    }

    internal void Watch(IDisposable watch, ITimer expiry)
    {
        _watch = watch;
        _expiry = expiry;
    }

    internal void Expire() => _owner?.ScheduleExpiry(this);

    /// <summary>Ends the connection's login; the first reason wins. Never blocks the caller: cancellation runs elsewhere.</summary>
    internal void End(string reason)
    {
        if (Interlocked.CompareExchange(ref _endedBecause, reason, null) is not null)
        {
            return;
        }

        _owner?.Ended(this, reason);
        // The caller may be a logout's request or the store's notification loop: what the connection does on its end
        // (closing a socket, re-rendering a circuit) runs on the thread pool, not on their thread.
        ThreadPool.UnsafeQueueUserWorkItem(static ended => ended.Cancel(), _ended, preferLocal: false);
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _expiry?.Dispose();
        _owner?.Forget(this);
    }
}
