using System.Collections.Concurrent;
using Login.Diagnostics;
using Login.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Connections;

/// <summary>
/// Opens the <see cref="ConnectionLogin"/> of each live connection from the request that opened it, and ends it with
/// its login: by the push that refuses the login's cookies (<see cref="EndedFamilies.Watch"/>), by a timer at the
/// login's last cookie's expiry, and by revalidating each open login's user every
/// <see cref="LoginOptions.ConnectionRevalidationInterval"/> (a <c>[SessionStamp]</c> change or a deleted user is only
/// seen by loading the user; one load per login per interval, whatever the number of its connections).
/// </summary>
internal sealed class ConnectionLogins(LoginService service, IServiceScopeFactory scopes) : IDisposable
{
    private readonly ConcurrentDictionary<ConnectionLogin, byte> _open = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stopping;
    private Task? _revalidating;

    /// <summary>How many connections with a login are open on this instance.</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Whether this instance has not heard from the session store for longer than
    /// <see cref="LoginOptions.SessionStoreMaxStaleness"/>: then it cannot vouch that a connection's login has not
    /// ended elsewhere, and a connection's calls are refused as guarded requests are.
    /// </summary>
    public bool IsStale => service.Families.IsStale;

    /// <summary>The login of the connection <paramref name="context"/> opens, loaded as a guarded request would load it.</summary>
    public async ValueTask<ConnectionLogin> OpenAsync(HttpContext context)
    {
        var state = LoginRequestState.For(context, service);
        var snapshot = await state.GetLoginSnapshotAsync().ConfigureAwait(false);
        if (snapshot is null)
        {
            var user = await state.GetUserAsync().ConfigureAwait(false);
            return new ConnectionLogin(user, isFresh: false);
        }

        var login = new ConnectionLogin(snapshot, this);
        var expiry = service.Time.CreateTimer(static state => ((ConnectionLogin)state!).Expire(), login,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        login.Watch(service.Families.Ended.Watch(snapshot.FamilyId, () => login.End("the login ended")), expiry);
        ScheduleExpiry(login);
        if (!login.HasEnded)
        {
            _open.TryAdd(login, 0);
            StartRevalidating();
        }

        return login;
    }

    /// <summary>
    /// The user and login another request to an open connection comes with (a long poll, a stateful reconnect), to
    /// compare with <see cref="ConnectionLogin.IsSameLogin"/>; nothing is watched.
    /// </summary>
    internal async ValueTask<(IUser User, LoginSnapshot? Login)> IdentifyAsync(HttpContext context)
    {
        var state = LoginRequestState.For(context, service);
        var snapshot = await state.GetLoginSnapshotAsync().ConfigureAwait(false);
        return (snapshot?.User ?? await state.GetUserAsync().ConfigureAwait(false), snapshot);
    }

    /// <summary>Whether Login's guards are off (<see cref="LoginOptions.LoginDisabled"/>): then no connection is refused either.</summary>
    internal bool LoginDisabled => service.Options.LoginDisabled;

    internal Microsoft.Extensions.Logging.ILogger Logger => service.Logger;

    internal void Forget(ConnectionLogin login) => _open.TryRemove(login, out _);

    internal void Ended(ConnectionLogin login, string reason)
    {
        Forget(login);
        LoginLog.ConnectionLoginEnded(service.Logger, reason);
    }

    /// <summary>Ends the login at its expiry, or waits again: timers take at most about 49 days at a time.</summary>
    internal void ScheduleExpiry(ConnectionLogin login)
    {
        var left = login.Login!.ExpiresAt - service.Time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            login.End("its last cookie expired");
        }
        else
        {
            login.ExpiryTimer?.Change(left > MaxTimer ? MaxTimer : left, Timeout.InfiniteTimeSpan);
        }
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(45);

    private void StartRevalidating()
    {
        if (service.Options.ConnectionRevalidationInterval is not { } interval || _revalidating is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_revalidating is null)
            {
                _stopping = new CancellationTokenSource();
                _revalidating = RevalidateAsync(interval, _stopping.Token);
            }
        }
    }

    private async Task RevalidateAsync(TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, service.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (!_open.IsEmpty)
                {
                    await RevalidateOnceAsync(stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Loads each open login's user once, with its user type's [UserLoader] (an Admin 5 login is reloaded as Admin 5,
    /// never as Customer 5), and ends the logins whose user is gone, inactive or re-stamped.
    /// </summary>
    internal async Task RevalidateOnceAsync(CancellationToken cancellationToken)
    {
        var types = service.UserTypes;
        if (!types.HasUserLoader)
        {
            return;
        }

        var byUser = new Dictionary<(CompilerServices.LoginUserType? Type, string UserId), List<ConnectionLogin>>();
        foreach (var (login, _) in _open)
        {
            if (login.Login is { } snapshot)
            {
                var key = (snapshot.UserType ?? types.Of(snapshot.User.GetType()), snapshot.UserId);
                if (!byUser.TryGetValue(key, out var logins))
                {
                    byUser[key] = logins = [];
                }

                logins.Add(login);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        foreach (var ((userType, userId), logins) in byUser)
        {
            IUser? user;
            try
            {
                // A type that lost its loader (or is no longer the app's) loads nobody: its logins end.
                user = userType?.User is { } loader ? await loader.LoadAsync(userId, context).ConfigureAwait(false) : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A loader that throws (its database is down) says nothing about the login: try again next time.
                LoginLog.ConnectionRevalidationFailed(service.Logger, e);
                continue;
            }

            foreach (var login in logins)
            {
                // As a request with its cookie would be: also refused when as old as an ending forgotten at the bound.
                if (login.Login!.IssuedAt is { } issuedAt ? service.Families.IsEnded(login.Login.FamilyId, issuedAt) : service.Families.IsEnded(login.Login.FamilyId))
                {
                    login.End("the login ended");
                }
                else if (service.Time.GetUtcNow() >= login.Login.ExpiresAt)
                {
                    login.End("its last cookie expired"); // also when the clock jumped past the timer
                }
                else if (user is null || !user.IsAuthenticated)
                {
                    login.End("its user no longer loads, or is inactive");
                }
                else if (!SessionStamps.Match(login.Login!.Stamp, user))
                {
                    login.End("the user's session stamp changed");
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
    }
}
