namespace Login.Sessions.Store;

/// <summary><see cref="ILoginSessions"/> over the registered <see cref="ILoginSessionStore"/>, at the app's clock.</summary>
internal sealed class LoginSessions(ILoginSessionStore store, TimeProvider time) : ILoginSessions
{
    public async Task<IReadOnlyList<LoginSession>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var families = await store.ListLiveAsync(userId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var sessions = new LoginSession[families.Count];
        for (var i = 0; i < sessions.Length; i++)
        {
            sessions[i] = families[i].ToLoginSession(isCurrent: false);
        }

        return sessions;
    }

    public Task<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return store.EndAsync(sessionId, time.GetUtcNow(), cancellationToken);
    }

    public async Task<int> EndAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var ended = await store.EndAllAsync(userId, exceptFamilyId: null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return ended.Count;
    }
}
