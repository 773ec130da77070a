using Microsoft.AspNetCore.SignalR;

namespace Login.BlazorApp.Notifications;

/// <summary>Sends a notification to every open connection of one user: all their tabs, never anyone else's.</summary>
public sealed class Notifier(IHubContext<NotificationsHub> hub, TimeProvider time)
{
    public const int MaxLength = 200;

    /// <param name="userId">The user's id, as in the <c>NameIdentifier</c> claim (SignalR's user id).</param>
    public Task SendAsync(string userId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        text = text.Trim();
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        return hub.Clients.User(userId).SendAsync(
            NotificationsHub.Notify, new Notification(text, time.GetUtcNow()), cancellationToken);
    }
}
