using Microsoft.AspNetCore.SignalR;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// The store app's hub: a connection to it needs no login, and is still closed by Login when its login ends, on whichever
/// instance. Its calls are counted on the server (<see cref="StoreApp.HubRuns"/>).
/// </summary>
public sealed class MemberHub(HubRuns runs) : Hub
{
    [LoginRequired]
    public string Echo(string text)
    {
        runs.Ran.Enqueue($"Echo as {Context.UserIdentifier ?? Context.User?.Identity?.Name ?? "anonymous"}");
        return text;
    }
}
