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
}
