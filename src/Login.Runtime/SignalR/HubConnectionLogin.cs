using Login.Connections;
using Microsoft.AspNetCore.SignalR;

namespace Login.SignalR;

/// <summary>
/// What Login keeps in a hub connection's <c>Items</c>: the login it was opened with, and the hook that closes the
/// connection when that login ends.
/// </summary>
internal sealed class HubConnectionLogin : IDisposable
{
    /// <summary>The key in <see cref="HubCallerContext.Items"/>: an object of Login's, so no app key can collide with it.</summary>
    public static readonly object Key = new();

    private CancellationTokenRegistration _closing;

    public HubConnectionLogin(ConnectionLogin login, HubCallerContext caller, string hub, string? token)
    {
        Login = login;
        Caller = caller;
        Hub = hub;
        Token = token;
    }

    public ConnectionLogin Login { get; }

    public HubCallerContext Caller { get; }

    /// <summary>The hub's name, for logs.</summary>
    public string Hub { get; }

    /// <summary>
    /// The connection token later requests to this connection carry (<c>?id=</c>): long polls, sends, a stateful
    /// reconnect. <c>null</c> for a WebSocket opened without negotiation, which nothing can re-attach to.
    /// </summary>
    public string? Token { get; }

    /// <summary>Closes the connection from the server when its login ends (on any instance: the push reaches this one).</summary>
    public void CloseWhenEnded(Action<HubConnectionLogin> closing) =>
        _closing = Login.Ended.UnsafeRegister(static (state, _) =>
        {
            var (connection, close) = ((HubConnectionLogin, Action<HubConnectionLogin>))state!;
            close(connection);
        }, (this, closing));

    public static HubConnectionLogin? Of(HubCallerContext caller) =>
        caller.Items.TryGetValue(Key, out var value) ? value as HubConnectionLogin : null;

    public void Dispose()
    {
        _closing.Dispose();
        Login.Dispose();
    }
}
