using System.Collections.Concurrent;

namespace Login.Sessions;

/// <summary>
/// Tells what outlives a request (a SignalR connection, a Blazor circuit) that its login ended, the moment this instance
/// learns of it: by its own logout, a rotation found stolen, the store's notification, its catch-up or its poll, all of
/// which arrive through <see cref="EndedFamilies.Add(Guid, DateTimeOffset, bool)"/>. So a live connection ends on the
/// same push that refuses copies of the login's cookies, on every instance.
/// </summary>
/// <remarks>
/// A watch fires once and is then forgotten. Callbacks run on the thread that recorded the ending (a request's, or the
/// sync loop's): they must only hand the work on (cancel a token, queue a close), never block or throw.
/// </remarks>
internal sealed class FamilyWatchers
{
    private readonly ConcurrentDictionary<Guid, FamilyWatch[]> _watches = new();

    public int Count => _watches.Count;

    /// <summary>Calls <paramref name="ended"/> once when <paramref name="familyId"/> ends; dispose the result to stop watching.</summary>
    public IDisposable Watch(Guid familyId, Action ended)
    {
        var watch = new FamilyWatch(this, familyId, ended);
        _watches.AddOrUpdate(familyId, static (_, watch) => [watch], static (_, existing, watch) => [.. existing, watch], watch);
        return watch;
    }

    /// <summary>The family ended: fires and forgets every watch of it.</summary>
    public void Ended(Guid familyId)
    {
        if (_watches.IsEmpty || !_watches.TryRemove(familyId, out var watches))
        {
            return;
        }

        foreach (var watch in watches)
        {
            watch.Fire();
        }
    }

    private void Remove(FamilyWatch watch)
    {
        while (_watches.TryGetValue(watch.FamilyId, out var existing))
        {
            var rest = Array.FindAll(existing, w => !ReferenceEquals(w, watch));
            if (rest.Length == existing.Length)
            {
                return;
            }

            var replaced = rest.Length == 0
                ? _watches.TryRemove(new KeyValuePair<Guid, FamilyWatch[]>(watch.FamilyId, existing))
                : _watches.TryUpdate(watch.FamilyId, rest, existing);
            if (replaced)
            {
                return;
            }
        }
    }

    private sealed class FamilyWatch(FamilyWatchers owner, Guid familyId, Action ended) : IDisposable
    {
        private int _done;

        public Guid FamilyId { get; } = familyId;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                ended();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
