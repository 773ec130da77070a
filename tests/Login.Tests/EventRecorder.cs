namespace Login.Tests;

/// <summary>Subscribes to every Login event and writes down what fired, in order.</summary>
public sealed class EventRecorder
{
    private readonly List<string> _fired = [];

    public IReadOnlyList<string> Fired
    {
        get
        {
            lock (_fired)
            {
                return [.. _fired];
            }
        }
    }

    public int Count(string name) => Fired.Count(f => f == name || f.StartsWith(name + ":", StringComparison.Ordinal));

    public void Clear()
    {
        lock (_fired)
        {
            _fired.Clear();
        }
    }

    public void Attach(LoginOptions options)
    {
        var events = options.Events;
        events.OnLoggedIn = (_, user) => Record("logged-in:" + user.GetId());
        events.OnLoggedOut = (_, user) => Record("logged-out:" + user.GetId());
        events.OnLoadedFromCookie = (_, user) => Record("loaded-from-cookie:" + user.GetId());
        events.OnLoadedFromRequest = (_, user) => Record("loaded-from-request:" + user.GetId());
        events.OnLoginConfirmed = _ => Record("login-confirmed");
        events.OnUnauthorized = _ => Record("unauthorized");
        events.OnNeedsRefresh = _ => Record("needs-refresh");
        events.OnAccessed = _ => Record("accessed");
        events.OnSessionProtected = _ => Record("session-protected");
    }

    private Task Record(string name)
    {
        lock (_fired)
        {
            _fired.Add(name);
        }

        return Task.CompletedTask;
    }
}
