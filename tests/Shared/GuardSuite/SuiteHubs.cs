using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Login.GuardSuite;

// The hubs of the guard suite: one per requirement on the class, each with one method per requirement on the method.
// Every method and OnConnectedAsync records on the server that it ran, and as whom, so a test proves a refused one never did.

/// <summary>What the suite's hubs ran, in order: "Hub.Method as id".</summary>
public sealed class SuiteHubRuns
{
    private readonly ConcurrentQueue<string> _runs = new();

    public IReadOnlyCollection<string> All => _runs;

    public void Ran(string what) => _runs.Enqueue(what);
}

/// <summary>No requirement on the class: anyone connects; each method says what it needs.</summary>
public class SuiteOpenHub(SuiteHubRuns runs) : Hub
{
    public override Task OnConnectedAsync()
    {
        runs.Ran($"{GetType().Name}.OnConnectedAsync as {Who()}");
        return base.OnConnectedAsync();
    }

    public string Anyone() => Ran(nameof(Anyone));

    [LoginRequired]
    public string NeedsLogin() => Ran(nameof(NeedsLogin));

    [FreshLoginRequired]
    public string NeedsFreshLogin() => Ran(nameof(NeedsFreshLogin));

    [AllowAnonymous]
    public string AllowsAnonymous() => Ran(nameof(AllowsAnonymous));

    private string Ran(string method)
    {
        var who = Who();
        runs.Ran($"{GetType().Name}.{method} as {who}");
        return who;
    }

    private string Who() => Context.User?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "anonymous";
}

/// <summary>[LoginRequired] on the class: connecting and every call need a login, unless the method says [AllowAnonymous].</summary>
[LoginRequired]
public class SuiteLoginHub(SuiteHubRuns runs) : SuiteOpenHub(runs);

/// <summary>[FreshLoginRequired] on the class: connecting and every call need a fresh login, unless [AllowAnonymous].</summary>
[FreshLoginRequired]
public class SuiteFreshHub(SuiteHubRuns runs) : SuiteOpenHub(runs);
