using Login.Connections;
using Login.Diagnostics;
using Login.Guards;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace Login.SignalR;

/// <summary>
/// Login for every hub, added by <c>AddLogin()</c>: a connection keeps the login it was opened with and is closed when
/// that login ends; <c>[LoginRequired]</c> and <c>[FreshLoginRequired]</c> (and their <c>&lt;TUser&gt;</c> forms, which
/// refuse a login of another user type) on a hub class guard connecting, and on a hub class or method, each call. The decision is <see cref="LoginDecisions.Decide"/>'s; the answer is a
/// <see cref="HubException"/>, which SignalR sends to the client with its message.
/// </summary>
/// <remarks>
/// The class's attributes are also endpoint metadata of <c>MapHub</c>, so Login's request guard already refuses the
/// negotiation and the transport requests of a guarded hub (401). This filter is what holds once the connection is open:
/// the login ending, a stale store, each method's own requirement.
/// </remarks>
internal sealed class LoginHubFilter(ConnectionLogins logins, HubConnections connections, HubLoginRequirements requirements) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.GetHttpContext() is not { } http)
        {
            await next(context).ConfigureAwait(false); // not over HTTP (a test double, a custom transport): no cookies to read
            return;
        }

        var hubType = context.Hub.GetType();
        if (CircuitHub.Is(hubType))
        {
            await next(context).ConfigureAwait(false); // a Blazor circuit: its login is the Blazor provider's (see CircuitHub)
            return;
        }

        var login = await logins.OpenAsync(http).ConfigureAwait(false);
        if (!logins.LoginDisabled && requirements.OfHub(hubType) is { } demand
            && Decide(login, demand) is var decision and not LoginDecision.Pass)
        {
            login.Dispose();
            var reason = Refusal(decision, demand, "hub");
            LoginLog.HubConnectionRefused(logins.Logger, hubType.Name, reason);
            throw new HubException(reason); // SignalR closes the connection with this message; the hub's OnConnectedAsync never runs
        }

        var connection = new HubConnectionLogin(login, context.Context, hubType.Name, ConnectionToken(http));
        context.Context.Items[HubConnectionLogin.Key] = connection;
        connections.Add(connection);
        connection.CloseWhenEnded(Close);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            Forget(context.Context); // SignalR calls no OnDisconnectedAsync for a connection whose OnConnectedAsync threw
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception).ConfigureAwait(false);
        }
        finally
        {
            Forget(context.Context);
        }
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var connection = HubConnectionLogin.Of(invocationContext.Context);
        var requirement = requirements.OfMethod(invocationContext.Hub.GetType(), invocationContext.HubMethod);
        string? refusal = null;
        if (connection?.Login is { HasEnded: true } ended)
        {
            // The connection is being closed; a call that raced the end is refused whatever the method requires.
            refusal = "This connection's login has ended (" + ended.EndedBecause + ").";
        }
        else if (requirement is { } required && !logins.LoginDisabled)
        {
            var decision = connection is null ? LoginDecision.NotLoggedIn : Decide(connection.Login, required);
            if (decision != LoginDecision.Pass)
            {
                refusal = Refusal(decision, required, "method");
            }
        }

        if (refusal is null)
        {
            return next(invocationContext);
        }

        LoginLog.HubCallRefused(logins.Logger, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName, refusal);
        // The client's InvokeAsync throws with this message; the method never runs, and the connection stays open.
        return ValueTask.FromException<object?>(new HubException(refusal));
    }

    /// <summary>
    /// The one rule, applied to the login the connection keeps. While the store is stale, the login may have ended where
    /// this instance cannot see, so it vouches for nobody: the decision is then "store unavailable", as for a request.
    /// </summary>
    private LoginDecision Decide(ConnectionLogin login, LoginDemand demand)
    {
        var stale = logins.IsStale;
        return LoginDecisions.Decide(stale ? AnonymousUser.Instance : login.User, login.IsFresh, stale, demand);
    }

    private static string Refusal(LoginDecision decision, LoginDemand demand, string what) => decision switch
    {
        LoginDecision.NotFresh => "This " + what + " requires a fresh login.",
        // Says what kind of login is missing, never whose login this is.
        LoginDecision.WrongUserType => "This " + what + " requires another kind of account than the one logged in.",
        LoginDecision.StoreUnavailable => "Login cannot vouch for any login right now (its session store has not answered for too long); try again later.",
        _ => demand.Requirement == LoginRequirement.FreshLogin ? "This " + what + " requires a fresh login." : "This " + what + " requires a login.",
    };

    private void Close(HubConnectionLogin connection)
    {
        LoginLog.HubConnectionClosed(logins.Logger, connection.Caller.ConnectionId, connection.Hub, connection.Login.EndedBecause ?? "ended");
        connection.Caller.Abort();
    }

    private void Forget(HubCallerContext caller)
    {
        if (HubConnectionLogin.Of(caller) is { } connection)
        {
            caller.Items.Remove(HubConnectionLogin.Key);
            connections.Remove(connection);
            connection.Dispose();
        }
    }

    /// <summary>The token later requests to the connection carry; SignalR names it <c>id</c> in the query string.</summary>
    private static string? ConnectionToken(HttpContext http) =>
        http.Request.Query.TryGetValue("id", out var token) && token.Count == 1 ? token[0] : null;
}
