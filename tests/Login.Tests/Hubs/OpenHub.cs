using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Login.Tests.Hubs;

/// <summary>A hub that needs no login to connect, with one method per requirement. Each answers with Context.User's id.</summary>
public class OpenHub(HubProbe probe) : Hub
{
    public override Task OnConnectedAsync()
    {
        probe.Ran.Enqueue($"{GetType().Name}.OnConnectedAsync as {Who()}");
        return base.OnConnectedAsync();
    }

    public string Anyone() => Ran(nameof(Anyone));

    [LoginRequired]
    public string NeedsLogin() => Ran(nameof(NeedsLogin));

    [FreshLoginRequired]
    public string NeedsFreshLogin() => Ran(nameof(NeedsFreshLogin));

    [AllowAnonymous]
    public string AllowsAnonymous() => Ran(nameof(AllowsAnonymous));

    /// <summary>A slow method: the tests race a logout against it.</summary>
    [LoginRequired]
    public async Task<string> Slow(int milliseconds)
    {
        await Task.Delay(milliseconds, Context.ConnectionAborted);
        return Ran(nameof(Slow));
    }

    private string Ran(string method)
    {
        var who = Who();
        probe.Ran.Enqueue($"{GetType().Name}.{method} as {who}");
        return who;
    }

    private string Who() => Context.User?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "anonymous";
}
