using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Login.UserTypes.Tests;

/// <summary>What the attack hubs ran, and as whom: a refused connection or call adds nothing.</summary>
public sealed class AttackHubRuns
{
    public ConcurrentQueue<string> Ran { get; } = new();
}

/// <summary>The staff's live console: connecting needs an Admin login, as does every call.</summary>
[LoginRequired<Admin>]
public sealed class StaffHub(AttackHubRuns runs) : Hub
{
    public override Task OnConnectedAsync()
    {
        runs.Ran.Enqueue("StaffHub.OnConnectedAsync as " + Context.UserIdentifier);
        return Task.CompletedTask;
    }

    public string Refund(int customerId)
    {
        runs.Ran.Enqueue($"StaffHub.Refund({customerId})");
        return "refunded";
    }
}

/// <summary>The shop's chat: any logged-in user connects; one method is for Admins only.</summary>
[LoginRequired]
public sealed class ChatHub(AttackHubRuns runs) : Hub
{
    public string Say(string text)
    {
        runs.Ran.Enqueue("ChatHub.Say");
        return "said " + text;
    }

    [LoginRequired<Admin>]
    public string Ban(int customerId)
    {
        runs.Ran.Enqueue($"ChatHub.Ban({customerId})");
        return "banned";
    }
}
