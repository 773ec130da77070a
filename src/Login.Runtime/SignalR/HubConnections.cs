using System.Collections.Concurrent;

namespace Login.SignalR;

/// <summary>
/// The hub connections open on this instance, by connection token, so a later request to one of them (a long poll, a
/// send, a stateful reconnect) can be checked against the login the connection was opened with: SignalR itself lets such
/// a request swap the connection's user (it only logs a warning).
/// </summary>
internal sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, HubConnectionLogin> _byToken = new(StringComparer.Ordinal);

    public int Count => _byToken.Count;

    public void Add(HubConnectionLogin connection)
    {
        if (connection.Token is { } token)
        {
            _byToken[token] = connection;
        }
    }

    public bool TryGet(string token, out HubConnectionLogin? connection) => _byToken.TryGetValue(token, out connection);

    public void Remove(HubConnectionLogin connection)
    {
        if (connection.Token is { } token)
        {
            _byToken.TryRemove(new KeyValuePair<string, HubConnectionLogin>(token, connection));
        }
    }
}
