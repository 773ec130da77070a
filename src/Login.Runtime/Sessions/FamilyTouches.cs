using System.Collections.Concurrent;

namespace Login.Sessions;

/// <summary>
/// Last-seen times of login families, reported to the store in batches (<see cref="LoginFamilySync"/>) rather than on
/// the request: a family is noted at most once a minute, and a request that is not noted costs one dictionary lookup.
/// </summary>
internal sealed class FamilyTouches
{
    private static readonly long Every = (long)TimeSpan.FromMinutes(1).TotalSeconds;
    private readonly ConcurrentDictionary<Guid, long> _notedAt = new();
    private readonly ConcurrentDictionary<Guid, LoginFamilyTouch> _pending = new();

    public int Pending => _pending.Count;

    /// <summary>The family was seen now; <paramref name="expiresAt"/> when its cookies now live longer.</summary>
    public void Seen(Guid familyId, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        var second = now.ToUnixTimeSeconds();
        if (expiresAt is null && _notedAt.TryGetValue(familyId, out var noted) && second - noted < Every)
        {
            return;
        }

        _notedAt[familyId] = second;
        _pending.AddOrUpdate(familyId, static (id, touch) => touch with { FamilyId = FamilyIds.ToText(id) },
            static (_, existing, touch) => touch with { FamilyId = existing.FamilyId, ExpiresAt = Later(existing.ExpiresAt, touch.ExpiresAt) },
            new LoginFamilyTouch("", now, expiresAt));
    }

    /// <summary>Takes what is pending for one batch, and forgets families not seen for a while.</summary>
    public List<LoginFamilyTouch> Take(DateTimeOffset now)
    {
        var batch = new List<LoginFamilyTouch>(_pending.Count);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var touch))
            {
                batch.Add(touch);
            }
        }

        var forgetBefore = now.ToUnixTimeSeconds() - 2 * Every;
        foreach (var (key, noted) in _notedAt)
        {
            if (noted < forgetBefore)
            {
                _notedAt.TryRemove(key, out _);
            }
        }

        return batch;
    }

    /// <summary>Puts a batch the store did not take back, for the next attempt (newer touches win).</summary>
    public void Return(List<LoginFamilyTouch> batch)
    {
        foreach (var touch in batch)
        {
            if (FamilyIds.TryParse(touch.FamilyId, out var id))
            {
                _pending.TryAdd(id, touch);
            }
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
