using Microsoft.AspNetCore.SignalR;

namespace Login.Stores.Benchmarks;

/// <summary>The benchmark app's hub: nothing to call, only connections to hold open and see closed.</summary>
internal sealed class NoticesHub : Hub
{
    public string Ping() => StoreApp.Body;
}
