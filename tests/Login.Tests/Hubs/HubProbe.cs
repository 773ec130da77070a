using System.Collections.Concurrent;

namespace Login.Tests.Hubs;

/// <summary>What the test hubs saw: which OnConnectedAsync and which methods ran, and as whom.</summary>
public sealed class HubProbe
{
    public ConcurrentQueue<string> Ran { get; } = new();
}
