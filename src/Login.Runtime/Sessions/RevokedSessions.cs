using System.Collections.Concurrent;

namespace Login.Sessions;

/// <summary>
/// Sessions and remember cookies ended by logout, kept until the cookie would have expired anyway, so a copy of a
/// logged-out cookie (stolen, or kept by the browser) is worthless. Entries live at most
/// <see cref="LoginOptions.SessionLifetime"/> (or the remember duration); a sweep drops expired ones as new ones arrive.
/// Held in this process's memory: instances behind a load balancer each know their own logouts.
/// </summary>
internal sealed class RevokedSessions(TimeProvider time)
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<Guid, long> _revokedUntil = new();
    private int _additions;

    public bool IsRevoked(Guid id) =>
        !_revokedUntil.IsEmpty && _revokedUntil.TryGetValue(id, out var until) && until > time.GetUtcNow().ToUnixTimeSeconds();

    public void Revoke(Guid id, DateTimeOffset until)
    {
        _revokedUntil[id] = until.ToUnixTimeSeconds();
        if (Interlocked.Increment(ref _additions) % SweepEvery == 0)
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var (key, expiry) in _revokedUntil)
            {
                if (expiry <= now)
                {
                    _revokedUntil.TryRemove(key, out _);
                }
            }
        }
    }

    public int Count => _revokedUntil.Count;
}
