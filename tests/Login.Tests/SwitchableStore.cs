using Login.Sessions.Store;

namespace Login.Tests;

/// <summary>The in-memory store, with its database "down" on demand: every call then fails as a real store's would.</summary>
public sealed class SwitchableStore : ILoginSessionStore
{
    private readonly InMemoryLoginSessionStore _inner = new();

    public volatile bool Down;

    private ILoginSessionStore Inner =>
        Down ? throw new LoginStoreUnavailableException("The test's store is down.", new IOException("connection refused")) : _inner;

    public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken) => Inner.CreateAsync(family, cancellationToken);

    public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) => Inner.FindAsync(familyId, cancellationToken);

    public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.ListLiveAsync(userType, userId, now, cancellationToken);

    public Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.EndAsync(familyId, now, cancellationToken);

    public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        Inner.EndAllAsync(userType, userId, exceptFamilyId, now, cancellationToken);

    public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken) =>
        Inner.TouchAsync(touches, cancellationToken);

    public Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
        DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken) =>
        Inner.RotateRememberTokenAsync(familyId, presentedTokenId, newTokenId, now, grace, cancellationToken);

    public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken) =>
        Inner.GetEndedSinceAsync(cursor, limit, cancellationToken);

    public IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync(CancellationToken cancellationToken) =>
        _inner.WatchEndingsAsync(cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        Inner.PruneAsync(expiredBefore, endedBefore, cancellationToken);
}
