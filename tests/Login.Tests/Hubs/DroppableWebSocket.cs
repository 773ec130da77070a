using System.Net.WebSockets;

namespace Login.Tests.Hubs;

/// <summary>
/// A client WebSocket whose network can be made to drop: its receive then fails as a lost connection's does (not as a
/// close the client asked for), which is what makes a SignalR client with stateful reconnect re-attach.
/// </summary>
public sealed class DroppableWebSocket(WebSocket inner) : WebSocket
{
    private readonly CancellationTokenSource _dropped = new();

    public void Drop()
    {
        _dropped.Cancel();
        inner.Abort(); // the server sees the transport go too
    }

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => _dropped.IsCancellationRequested ? WebSocketState.Aborted : inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _dropped.Token);
        try
        {
            return await inner.ReceiveAsync(buffer, both.Token);
        }
        catch (Exception) when (_dropped.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }
    }

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (_dropped.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }

        await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }
}
