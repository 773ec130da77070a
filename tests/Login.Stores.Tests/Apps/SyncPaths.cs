using System.Runtime.CompilerServices;
using Login.Sessions.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// The two ways an instance learns that a login ended elsewhere, each switchable off, so a test can time one alone:
/// the store's notifications (PostgreSQL's LISTEN/NOTIFY) and the once-a-second poll of the endings table.
/// </summary>
public sealed class SyncPaths
{
    /// <summary>No notification reaches the instance: <c>WatchEndingsAsync</c> stays silent until the app stops.</summary>
    public volatile bool NotificationsSilenced;

    /// <summary>Every poll (every catch-up) finds nothing new: only a notification can tell the instance of an ending.</summary>
    public volatile bool PollsFrozen;

    /// <summary>Wraps the session store <paramref name="builder"/> has (add the real one first) with these switches.</summary>
    public LoginBuilder Apply(LoginBuilder builder)
    {
        var real = builder.Services.Last(s => s.ServiceType == typeof(ILoginSessionStore));
        var create = real.ImplementationFactory ?? throw new InvalidOperationException("The real store is registered without a factory.");
        return builder.AddSessionStore(services => new SwitchedStore((ILoginSessionStore)create(services), this));
    }

    private sealed class SwitchedStore(ILoginSessionStore inner, SyncPaths paths) : ILoginSessionStore
    {
        public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken) => inner.CreateAsync(family, cancellationToken);

        public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) => inner.FindAsync(familyId, cancellationToken);

        public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.ListLiveAsync(userType, userId, now, cancellationToken);

        public Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.EndAsync(familyId, now, cancellationToken);

        public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
            CancellationToken cancellationToken) =>
            inner.EndAllAsync(userType, userId, exceptFamilyId, now, cancellationToken);

        public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken) =>
            inner.TouchAsync(touches, cancellationToken);

        public Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
            DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken) =>
            inner.RotateRememberTokenAsync(familyId, presentedTokenId, newTokenId, now, grace, cancellationToken);

        public async Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken) =>
            paths.PollsFrozen ? new LoginEndingsPage([], cursor, HasMore: false) : await inner.GetEndedSinceAsync(cursor, limit, cancellationToken);

        public IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync(CancellationToken cancellationToken) =>
            paths.NotificationsSilenced ? SilenceAsync(cancellationToken) : inner.WatchEndingsAsync(cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
            inner.PruneAsync(expiredBefore, endedBefore, cancellationToken);

        private static async IAsyncEnumerable<LoginEndingNotice> SilenceAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
