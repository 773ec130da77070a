namespace Login.Sessions.Store;

/// <summary>
/// Hands this process's endings to every <see cref="ILoginSessionStore.WatchEndingsAsync"/> subscriber of one store
/// instance: how the in-memory and SQLite stores notify in-process (PostgreSQL has LISTEN/NOTIFY for that).
/// </summary>
internal sealed class LoginEndingHub
{
    private readonly Lock _gate = new();
    private LoginEndingQueue[] _subscribers = [];

    public LoginEndingQueue Subscribe(int capacity = LoginEndingQueue.DefaultCapacity)
    {
        var queue = new LoginEndingQueue(capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, queue];
        }

        return queue;
    }

    public void Unsubscribe(LoginEndingQueue queue)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, q => !ReferenceEquals(q, queue));
        }
    }

    /// <summary>Reports endings that have committed, in sequence order.</summary>
    public void Publish(IReadOnlyList<LoginFamilyEnding> endings)
    {
        // Copy-on-write array: publishing (every logout) takes no lock and never waits for a subscriber.
        var subscribers = Volatile.Read(ref _subscribers);
        foreach (var queue in subscribers)
        {
            foreach (var ending in endings)
            {
                queue.Post(LoginEndingNotice.Ended(ending.FamilyId, ending.Sequence));
            }
        }
    }
}
