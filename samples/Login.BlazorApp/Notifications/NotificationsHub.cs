using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Login.BlazorApp.Notifications;

/// <summary>
/// Pushes notifications to every tab of the logged-in user. Connecting needs a login; Login closes the connection the
/// moment that login ends (a logout in any tab, on any instance), so a logged-out browser hears nothing more.
/// </summary>
[LoginRequired]
public sealed class NotificationsHub : Hub
{
    public const string Path = "/hubs/notifications";

    /// <summary>The client method a new connection hears first: who it is connected as.</summary>
    public const string Connected = "connected";

    /// <summary>The client method a <see cref="Notification"/> arrives on.</summary>
    public const string Notify = "notify";

    // Context.User is the Login user: AddLogin() made Login the app's authentication scheme.
    public override Task OnConnectedAsync() =>
        Clients.Caller.SendAsync(Connected, Context.User?.FindFirstValue(ClaimTypes.Email));
}
