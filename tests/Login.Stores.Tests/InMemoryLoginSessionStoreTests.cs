using Login.Sessions.Store;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>The contract on the in-memory store, and how it stays bounded.</summary>
public sealed class InMemoryLoginSessionStoreTests : LoginSessionStoreContract
{
    protected override Task<ILoginSessionStore> OpenStoreAsync() => Task.FromResult<ILoginSessionStore>(new InMemoryLoginSessionStore());

    private static async Task<(InMemoryLoginSessionStore Store, List<LoginFamily> Families)> FullStoreAsync(Func<int, LoginFamily> family)
    {
        var store = new InMemoryLoginSessionStore(maxFamilies: 10);
        var families = new List<LoginFamily>();
        for (var i = 0; i < 10; i++)
        {
            families.Add(family(i));
            await store.CreateAsync(families[^1], default);
        }

        return (store, families);
    }

    [Fact]
    public async Task A_full_store_drops_expired_families_first()
    {
        var (store, families) = await FullStoreAsync(i => NewFamily("alice", T0, lifetime: i == 3 ? TimeSpan.FromMinutes(1) : null));

        await store.CreateAsync(NewFamily("bob", T0.AddMinutes(2)), default);

        Assert.Equal(10, store.Count);
        Assert.Null(await store.FindAsync(families[3].Id, default));
        Assert.Empty(await AllEndingsAsync(store));
    }

    [Fact]
    public async Task A_full_store_then_drops_the_longest_ended_families_but_remembers_their_endings()
    {
        var (store, families) = await FullStoreAsync(i => NewFamily("alice", T0));
        await store.EndAsync(families[5].Id, T0.AddMinutes(1), default);
        await store.EndAsync(families[2].Id, T0.AddMinutes(2), default);

        await store.CreateAsync(NewFamily("bob", T0.AddMinutes(3)), default);

        Assert.Equal(10, store.Count);
        Assert.Null(await store.FindAsync(families[5].Id, default));
        Assert.NotNull(await store.FindAsync(families[2].Id, default));
        Assert.Equal([families[5].Id, families[2].Id], (await AllEndingsAsync(store)).Select(e => e.FamilyId));
    }

    [Fact]
    public async Task A_full_store_of_live_families_refuses_the_new_login_and_ends_none()
    {
        // Issue 21, item 6: it used to end the least recently *recorded* live login to make room, so one account logging
        // in often enough logged everyone else out. Live logins are never ended for room; the new one is refused (503).
        var (store, families) = await FullStoreAsync(i => NewFamily("alice", T0));
        await using var watch = await NoticeReader.StartAsync(store, TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<LoginStoreUnavailableException>(() => store.CreateAsync(NewFamily("bob", T0.AddMinutes(20)), default));

        Assert.Contains("full", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10, store.Count);
        foreach (var family in families)
        {
            Assert.True((await store.FindAsync(family.Id, default))!.IsLiveAt(T0.AddMinutes(20)));
        }

        Assert.Empty(await AllEndingsAsync(store));
    }

    [Fact]
    public async Task Memory_stays_bounded_under_a_login_logout_loop()
    {
        // The loop that grew the old revocation list by 3,000 entries in 4 s: log in, log out, again and again. Each
        // login lives an hour; the clock moves a second per round.
        var store = new InMemoryLoginSessionStore(maxFamilies: 1000);
        for (var i = 0; i < 20_000; i++)
        {
            var now = T0.AddSeconds(i);
            var family = NewFamily("alice", now, lifetime: TimeSpan.FromHours(1));
            await store.CreateAsync(family, default);
            Assert.True(await store.EndAsync(family.Id, now, default));
        }

        Assert.True(store.Count <= 1000, $"{store.Count} records");
        // Endings are kept until their family expires (3,600 of them here), plus at most one sweep interval.
        Assert.True(store.EndingCount <= 3600 + 1024, $"{store.EndingCount} endings");
        Assert.Equal(20_000, (await store.GetEndedSinceAsync(0, 1, default)).Endings[0].Sequence + store.EndingCount - 1);
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_is_told_to_catch_up_instead_of_holding_every_ending()
    {
        var queue = new LoginEndingQueue(capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            queue.Post(LoginEndingNotice.Ended($"f{i}", i));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = new List<LoginEndingNotice>();
        await foreach (var notice in queue.ReadAllAsync(timeout.Token))
        {
            read.Add(notice);
            if (read.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(["f1", "f2", "f3", null], read.Select(n => n.FamilyId));
        Assert.Equal(LoginEndingNoticeKind.Missed, read[3].Kind);
        Assert.True(read[3].RequiresCatchUp);
    }
}
