using Login.Connections;
using Login.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Login.SignalR;

/// <summary>
/// Sits in front of a hub's endpoint (put there by Login's matcher policy, like a guard) and refuses a request to an
/// open connection that comes with another login than the connection's own. SignalR takes each long poll's user, and a
/// stateful reconnect's, as the connection's new <c>Context.User</c> and only logs a warning; a connection must never
/// take on another user, so Login answers 403 and closes the connection instead.
/// </summary>
internal static class HubTakeoverGuard
{
    public static RequestDelegate Wrap(RequestDelegate endpoint, HubConnections connections, ConnectionLogins logins) =>
        context => Run(context, endpoint, connections, logins);

    private static Task Run(HttpContext context, RequestDelegate endpoint, HubConnections connections, ConnectionLogins logins)
    {
        // No token: a negotiation or a new WebSocket, which opens a connection of its own. An unknown token: a connection
        // on another instance or already gone, which SignalR answers 404 itself.
        if (!context.Request.Query.TryGetValue("id", out var token) || token.Count != 1
            || !connections.TryGet(token[0]!, out var connection) || connection is null)
        {
            return endpoint(context);
        }

        return CheckThenRunAsync(context, endpoint, connection, logins);
    }

    private static async Task CheckThenRunAsync(HttpContext context, RequestDelegate endpoint, HubConnectionLogin connection, ConnectionLogins logins)
    {
        var (user, login) = await logins.IdentifyAsync(context).ConfigureAwait(false);
        if (connection.Login.IsSameLogin(user, login))
        {
            await endpoint(context).ConfigureAwait(false);
            return;
        }

        LoginLog.HubConnectionTakeoverRefused(logins.Logger, connection.Caller.ConnectionId);
        connection.Caller.Abort();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("This connection belongs to another login.").ConfigureAwait(false);
    }
}
