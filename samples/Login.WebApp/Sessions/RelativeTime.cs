using System.Globalization;

namespace Login.WebApp.Sessions;

/// <summary>"3 minutes ago": how a list of sessions says when each was last used.</summary>
public static class RelativeTime
{
    public static string Since(DateTimeOffset then, DateTimeOffset now)
    {
        var ago = now - then;
        return ago switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalMinutes: < 2 } => "a minute ago",
            { TotalHours: < 1 } => $"{(int)ago.TotalMinutes} minutes ago",
            { TotalHours: < 2 } => "an hour ago",
            { TotalDays: < 1 } => $"{(int)ago.TotalHours} hours ago",
            { TotalDays: < 2 } => "yesterday",
            { TotalDays: < 30 } => $"{(int)ago.TotalDays} days ago",
            _ => "on " + then.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        };
    }
}
