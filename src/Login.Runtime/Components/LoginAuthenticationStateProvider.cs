using System.Security.Claims;
using Login.Authentication;
using Login.Connections;
using Login.Diagnostics;
using Login.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace Login.Components;

/// <summary>
/// Blazor's <see cref="AuthenticationStateProvider"/> as Login sees users, registered by <c>AddLogin()</c> in place of
/// ASP.NET Core's. In static rendering it is the request's login. In an interactive server circuit it is the login of the
/// request that started the circuit, kept as a <see cref="ConnectionLogin"/>: fixed at start (a reconnect from a request
/// with another login refuses the circuit instead of handing it over, dotnet/aspnetcore#65272), anonymous as soon as the
/// login ends anywhere, and anonymous while the session store cannot vouch for it.
/// </summary>
/// <remarks>
/// Blazor hands this provider a <see cref="ClaimsPrincipal"/> (<see cref="IHostEnvironmentAuthenticationStateProvider"/>)
/// when a page renders, a circuit starts and a circuit reconnects; Login does not trust that principal (on a reconnect it
/// is the new connection's, whoever that is) and reads the cookies of the request it came from instead.
/// </remarks>
internal sealed class LoginAuthenticationStateProvider(IHttpContextAccessor accessor, ConnectionLogins logins, LoginService service)
    : AuthenticationStateProvider, IHostEnvironmentAuthenticationStateProvider, IDisposable
{
    private static readonly ComponentLogin Anonymous = new(AnonymousUser.Instance, IsFresh: false, StoreUnavailable: false, Refused: false);

    private readonly Lock _gate = new();
    private bool _handedFirst;
    private HttpContext? _request;
    private Task<OpenedLogin>? _circuit;
    private Task _reconnecting = Task.CompletedTask;
    private bool _refused;
    private bool _wasStale;
    private bool _disposed;

    /// <summary>The circuit's login and whether the store could vouch for it when it opened.</summary>
    private sealed record OpenedLogin(ConnectionLogin Connection, bool StoreUnavailable)
    {
        /// <summary>A circuit with no request to read its login from: anonymous.</summary>
        public static OpenedLogin None { get; } = new(new ConnectionLogin(AnonymousUser.Instance, isFresh: false), StoreUnavailable: false);
    }

    /// <summary>Whether the circuit was refused: reconnected from a request with another login.</summary>
    public bool IsRefused => Volatile.Read(ref _refused);

    /// <summary>
    /// Called by Blazor with the request's principal when a page renders statically, when a circuit starts and when it
    /// reconnects. Only the request matters: the first one is the login's, a later one (a reconnect) is checked against it.
    /// </summary>
    public void SetAuthenticationState(Task<AuthenticationState> authenticationStateTask)
    {
        var request = accessor.HttpContext;
        lock (_gate)
        {
            if (!_handedFirst)
            {
                // The first is the login's, even when there is no request to read (then the circuit is anonymous):
                // a later one must never take its place.
                _handedFirst = true;
                _request = request;
                return;
            }

            if (_circuit is null)
            {
                // A second request before the circuit opened its login: open it from the first, then check this one.
                _circuit = _request is { } first ? OpenAsync(first) : Task.FromResult(OpenedLogin.None);
                _request = null;
            }

            _reconnecting = CheckReconnectAsync(request);
        }

        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    /// <summary>
    /// Opens the circuit's login from the request that started it, once: called when the circuit opens, before any of
    /// its components renders.
    /// </summary>
    public Task OpenCircuitAsync()
    {
        lock (_gate)
        {
            _circuit ??= _request is { } request ? OpenAsync(request) : Task.FromResult(OpenedLogin.None);
            _request = null; // the circuit keeps its login, not the request
            return _circuit;
        }
    }

    public override async Task<AuthenticationState> GetAuthenticationStateAsync()
    {
        var login = await GetLoginAsync().ConfigureAwait(false);
        return new AuthenticationState(login.User.IsAuthenticated
            ? new LoginPrincipal(login.User, service.UserTypes)
            : new ClaimsPrincipal(new ClaimsIdentity()));
    }

    /// <summary>The login components see now. Never throws: a store or loader failure is an anonymous, unvouched login.</summary>
    public async ValueTask<ComponentLogin> GetLoginAsync()
    {
        try
        {
            if (_circuit is { } circuit)
            {
                await _reconnecting.ConfigureAwait(false);
                return Current(await circuit.ConfigureAwait(false));
            }

            if ((_request ?? accessor.HttpContext) is { } request)
            {
                var state = LoginRequestState.For(request, service);
                var user = await state.GetUserAsync().ConfigureAwait(false);
                return new ComponentLogin(user, state.IsFresh, state.StoreUnavailable, Refused: false);
            }

            return Anonymous; // no request and no circuit: rendered outside ASP.NET Core (a test renderer)
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LoginLog.ComponentLoginFailed(service.Logger, e);
            return Anonymous with { StoreUnavailable = true };
        }
    }

    /// <summary>
    /// Called before each event the circuit's browser sends: waits for a reconnect's check, and says whether the event
    /// may run (not on a refused circuit). Tells the components when the store's staleness changed since the last event,
    /// so a guarded page follows the request rules on its next event.
    /// </summary>
    public async ValueTask<bool> AdmitAsync()
    {
        try
        {
            await _reconnecting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LoginLog.ComponentLoginFailed(service.Logger, e);
            Refuse();
        }

        if (IsRefused)
        {
            return false;
        }

        var stale = logins.IsStale;
        if (stale != _wasStale)
        {
            _wasStale = stale;
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }

        return true;
    }

    private ComponentLogin Current(OpenedLogin opened)
    {
        if (IsRefused)
        {
            return Anonymous with { Refused = true };
        }

        var connection = opened.Connection;
        if (connection.HasEnded)
        {
            return Anonymous;
        }

        if (connection.Login is not null && logins.IsStale)
        {
            // As a request: past the allowed staleness nobody can say this login has not ended elsewhere.
            return Anonymous with { StoreUnavailable = true };
        }

        return new ComponentLogin(connection.User, connection.IsFresh, opened.StoreUnavailable, Refused: false);
    }

    private async Task<OpenedLogin> OpenAsync(HttpContext request)
    {
        ConnectionLogin connection;
        bool storeUnavailable;
        try
        {
            connection = await logins.OpenAsync(request).ConfigureAwait(false);
            storeUnavailable = LoginRequestState.For(request, service).StoreUnavailable;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LoginLog.ComponentLoginFailed(service.Logger, e);
            return OpenedLogin.None with { StoreUnavailable = true };
        }

        return Keep(connection, storeUnavailable);
    }

    /// <summary>Makes <paramref name="connection"/> the circuit's login, as if the circuit had opened with it (tests).</summary>
    internal void OpenCircuit(ConnectionLogin connection)
    {
        lock (_gate)
        {
            _handedFirst = true;
            _request = null;
            _circuit = Task.FromResult(Keep(connection, storeUnavailable: false));
        }
    }

    private OpenedLogin Keep(ConnectionLogin connection, bool storeUnavailable)
    {
        if (Volatile.Read(ref _disposed))
        {
            connection.Dispose();
            return new OpenedLogin(connection, storeUnavailable);
        }

        if (connection.Login is not null)
        {
            // The end of the login reaches every circuit of it: components see the anonymous state, and a guarded page
            // leaves (LoginRouteView). Registered after the fact is fine: a token already cancelled calls back at once.
            connection.Ended.UnsafeRegister(static state =>
            {
                var provider = (LoginAuthenticationStateProvider)state!;
                provider.NotifyAuthenticationStateChanged(provider.GetAuthenticationStateAsync());
            }, this);
        }

        return new OpenedLogin(connection, storeUnavailable);
    }

    /// <summary>
    /// A reconnect keeps the circuit only when its request carries the circuit's own login (the same login, not merely
    /// the same user: a login again after a logout is a new login) or both are anonymous. Anything else refuses it.
    /// </summary>
    private async Task CheckReconnectAsync(HttpContext? request)
    {
        var opened = await _circuit!.ConfigureAwait(false);
        if (request is null)
        {
            // Blazor gave no request to read (a transport that does not flow it): nothing proves who reconnected.
            Refuse();
            return;
        }

        var state = LoginRequestState.For(request, service);
        var snapshot = await state.GetLoginSnapshotAsync().ConfigureAwait(false);
        var user = await state.GetUserAsync().ConfigureAwait(false);
        var circuit = opened.Connection;
        bool same;
        if (circuit.Login is { } circuitLogin)
        {
            same = snapshot is not null && snapshot.FamilyId == circuitLogin.FamilyId && !circuit.HasEnded;
        }
        else if (circuit.User.IsAuthenticated)
        {
            // A user from a request loader: no login to compare, so the same user from the same loader, or nothing.
            same = snapshot is null && user.IsAuthenticated && string.Equals(user.GetId(), circuit.User.GetId(), StringComparison.Ordinal);
        }
        else
        {
            same = !user.IsAuthenticated;
        }
        if (!same)
        {
            Refuse();
        }
    }

    private void Refuse()
    {
        if (!IsRefused)
        {
            Volatile.Write(ref _refused, true);
            LoginLog.CircuitRefused(service.Logger);
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        if (_circuit is { IsCompletedSuccessfully: true } circuit)
        {
            circuit.Result.Connection.Dispose();
        }
    }
}
