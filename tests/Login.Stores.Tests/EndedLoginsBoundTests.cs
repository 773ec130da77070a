using Login.Sessions;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>
/// Issue 21, item 8: the endings an instance keeps in memory are bounded in count, and the bound fails closed: a
/// forgotten ending is covered by refusing every session cookie as old as it, so no ended login ever works again.
/// </summary>
public sealed class EndedLoginsBoundTests
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(31);
    private static readonly TimeSpan Skew = LoginFamilies.ClockSkew;
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset KeepUntil(DateTimeOffset endedAt) => endedAt + SessionLifetime + Skew;

    [Fact]
    public void Past_the_bound_the_soonest_ending_is_forgotten_and_every_session_cookie_as_old_as_it_is_refused()
    {
        var clock = new ManualClock(T0);
        var ended = new EndedFamilies(clock, maxCount: 3, SessionLifetime);
        var families = Enumerable.Range(0, 4).Select(_ => FamilyIds.New()).ToList();
        for (var i = 0; i < families.Count; i++)
        {
            ended.Add(families[i], KeepUntil(T0.AddHours(i)));
        }

        Assert.Equal(3, ended.Count);
        Assert.Equal(1, ended.Forgotten);
        Assert.Equal(T0 + Skew, ended.RefusedIssuedUpTo);
        // The forgotten family's cookies (all issued before its end) are still refused, by their age.
        Assert.False(ended.IsEnded(families[0]));
        Assert.True(ended.IsEnded(families[0], issuedAt: T0.AddDays(-3)));
        Assert.True(ended.IsEnded(families[0], issuedAt: T0 + Skew));
        // So is a live login of that age (the price: it must log in again, or its remember cookie restores it).
        Assert.True(ended.IsEnded(FamilyIds.New(), issuedAt: T0.AddMinutes(-1)));
        // A login issued after it is not; the endings kept are refused exactly as before.
        Assert.False(ended.IsEnded(FamilyIds.New(), issuedAt: T0 + Skew + TimeSpan.FromSeconds(1)));
        Assert.True(ended.IsEnded(families[3], issuedAt: T0.AddHours(3)));
    }

    [Fact]
    public void No_ended_login_works_again_however_many_endings_arrive_in_whatever_order()
    {
        var clock = new ManualClock(T0);
        var random = new Random(21);
        var ended = new EndedFamilies(clock, maxCount: 1000, SessionLifetime);
        var all = new List<(Guid Family, DateTimeOffset IssuedAt)>();
        for (var round = 0; round < 20; round++)
        {
            // 250 endings a round, heard of out of order (a catch-up after notifications), as the clock moves on.
            for (var i = 0; i < 250; i++)
            {
                var family = FamilyIds.New();
                var endedAt = clock.Now - TimeSpan.FromMinutes(random.Next(0, 600));
                var issuedAt = endedAt - TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 30));
                ended.Add(family, KeepUntil(endedAt), exact: random.Next(2) == 0);
                all.Add((family, issuedAt));
            }

            clock.Now += TimeSpan.FromHours(6);
            Assert.InRange(ended.Count, 1, 1000);
            foreach (var (family, issuedAt) in all)
            {
                if (issuedAt + SessionLifetime > clock.Now) // a cookie that would still be valid by its own age
                {
                    Assert.True(ended.IsEnded(family, issuedAt), $"an ended login issued at {issuedAt:O} works again at {clock.Now:O}");
                }
            }
        }

        Assert.True(ended.Forgotten > 0);
    }

    [Fact]
    public void Expired_endings_are_forgotten_as_new_ones_arrive_whatever_order_they_came_in()
    {
        var clock = new ManualClock(T0);
        var ended = new EndedFamilies(clock, maxCount: 1000, SessionLifetime);
        var late = FamilyIds.New();
        ended.Add(late, T0.AddDays(10));
        for (var i = 0; i < 100; i++)
        {
            ended.Add(FamilyIds.New(), T0.AddDays(1).AddMinutes(i)); // behind one that stays longer
        }

        clock.Now = T0.AddDays(2);
        ended.Add(FamilyIds.New(), T0.AddDays(3));

        Assert.Equal(2, ended.Count);
        Assert.True(ended.IsEnded(late));
        Assert.Equal(0, ended.Forgotten);
        Assert.Null(ended.RefusedIssuedUpTo);
    }

    [Fact]
    public void An_ending_is_kept_for_the_session_lifetime_after_it_not_the_remember_cookies_year()
    {
        var clock = new ManualClock(T0);
        var options = new LoginOptions { SessionLifetime = TimeSpan.FromDays(31), RememberCookieDuration = TimeSpan.FromDays(365) };
        var families = new LoginFamilies(new Login.Sessions.Store.InMemoryLoginSessionStore(), clock, options);

        Assert.Equal(T0 + TimeSpan.FromDays(31) + Skew, families.KeepEndingUntil(T0));
        Assert.Equal(T0 + TimeSpan.FromDays(31) + Skew,
            families.KeepEndingUntil(new LoginFamilyEnding("x", ExpiresAt: T0.AddDays(365), Sequence: 1, EndedAt: T0)));
        Assert.Equal(1_000_000, families.Ended.MaxCount);
    }
}
