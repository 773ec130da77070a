namespace Login.BlazorApp.Notifications;

/// <summary>What a tab shows: the text and when the server sent it (UTC).</summary>
public sealed record Notification(string Text, DateTimeOffset SentAt);
