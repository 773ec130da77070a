using Login.Sessions;

namespace Login.Tests;

/// <summary>What an instance keeps of ended logins: refused until they would have expired, then forgotten.</summary>
public class EndedFamiliesTests
{
    [Fact]
    public void The_stores_exact_expiry_replaces_a_cautious_one_and_the_ending_is_forgotten_after_it()
    {
        var clock = new ManualClock();
        var ended = new EndedFamilies(clock);
        var family = FamilyIds.New();

        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(365));          // heard of by notification: expiry unknown
        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(1), exact: true); // the catch-up's own expiry
        Assert.True(ended.IsEnded(family));

        clock.Advance(TimeSpan.FromDays(2));
        ended.Add(FamilyIds.New(), clock.GetUtcNow() + TimeSpan.FromDays(1)); // a later ending sweeps what expired

        Assert.False(ended.IsEnded(family));
        Assert.Equal(1, ended.Count);
    }

    [Fact]
    public void A_cautious_bound_never_shortens_what_is_known()
    {
        var clock = new ManualClock();
        var ended = new EndedFamilies(clock);
        var family = FamilyIds.New();

        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(30), exact: true);
        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(1));
        clock.Advance(TimeSpan.FromDays(2));

        Assert.True(ended.IsEnded(family));
    }

    [Fact]
    public void A_watch_fires_once_when_its_family_ends_and_never_for_another()
    {
        var clock = new ManualClock();
        var ended = new EndedFamilies(clock);
        var (family, other) = (FamilyIds.New(), FamilyIds.New());
        var fired = new List<string>();
        using var first = ended.Watch(family, () => fired.Add("first"));
        using var second = ended.Watch(family, () => fired.Add("second"));
        using var unrelated = ended.Watch(other, () => fired.Add("other"));

        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(1));
        ended.Add(family, clock.GetUtcNow() + TimeSpan.FromDays(1), exact: true); // the store's exact expiry, later

        Assert.Equal(["first", "second"], fired);
        Assert.Equal(1, ended.Watchers.Count); // the other family's watch only
    }

    [Fact]
    public void A_watch_on_a_family_that_already_ended_fires_at_once_and_a_disposed_one_never()
    {
        var clock = new ManualClock();
        var ended = new EndedFamilies(clock);
        var (gone, live) = (FamilyIds.New(), FamilyIds.New());
        ended.Add(gone, clock.GetUtcNow() + TimeSpan.FromDays(1));
        var fired = new List<string>();

        using var late = ended.Watch(gone, () => fired.Add("late"));
        ended.Watch(live, () => fired.Add("disposed")).Dispose();
        ended.Add(live, clock.GetUtcNow() + TimeSpan.FromDays(1));

        Assert.Equal(["late"], fired);
        Assert.Equal(0, ended.Watchers.Count);
    }
}
