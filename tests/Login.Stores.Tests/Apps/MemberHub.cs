using Microsoft.AspNetCore.SignalR;

namespace Login.Stores.Tests.Apps;

/// <summary>The store apps' hub: a connection to it is closed by Login when its login ends, on whichever instance.</summary>
public sealed class MemberHub : Hub
{
    [LoginRequired]
    public string Echo(string text) => text;
}
