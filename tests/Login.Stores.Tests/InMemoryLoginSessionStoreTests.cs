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

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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

    [Fact]
    public async Task Endings_of_mixed_lifetimes_go_as_each_family_expires_and_pages_stay_in_sequence_order()
    {
        // Issue 20: the ending list is no longer rescanned every 1,024 endings; expired endings still go as new ones
        // arrive, in whatever order their families expire, and what is kept reads back in sequence order, page by page.
        var store = new InMemoryLoginSessionStore(maxFamilies: 100_000);
        var longLived = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var now = T0.AddSeconds(i);
            var family = NewFamily("alice", now, lifetime: i % 2 == 0 ? TimeSpan.FromMinutes(30) : TimeSpan.FromDays(30));
            await store.CreateAsync(family, default);
            await store.EndAsync(family.Id, now, default);
            if (i % 2 == 1)
            {
                longLived.Add(family.Id);
            }
        }

        var last = NewFamily("alice", T0.AddHours(3));
        await store.CreateAsync(last, default);
        await store.EndAsync(last.Id, T0.AddHours(3), default);

        Assert.Equal(2501, store.EndingCount);
        var endings = await AllEndingsAsync(store, pageSize: 7);
        Assert.Equal([.. longLived, last.Id], endings.Select(e => e.FamilyId));
        Assert.True(endings.Zip(endings.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.Equal(5001, endings[^1].Sequence);
        // A cursor in the middle of dropped endings starts at the next kept one.
        var page = await store.GetEndedSinceAsync(2, 1, default);
        Assert.Equal([longLived[1]], page.Endings.Select(e => e.FamilyId));
        Assert.True(page.HasMore);
        Assert.False((await store.GetEndedSinceAsync(5001, 10, default)).HasMore);
    }

    [Fact]
    public async Task An_ending_reads_back_with_the_id_exactly_as_written_whatever_its_form()
    {
        // Login's ids are kept as their 16 bytes; others (another caller's, a non-canonical base64url spelling of the
        // same bytes) as their text.
        var store = new InMemoryLoginSessionStore();
        var ids = new[] { LoginFamily.NewId(), "custom-id-7", "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAAA" };
        foreach (var id in ids)
        {
            await store.CreateAsync(NewFamily("alice", T0) with { Id = id }, default);
            await store.EndAsync(id, T0.AddMinutes(1), default);
        }

        var endings = await AllEndingsAsync(store);
        Assert.Equal(ids, endings.Select(e => e.FamilyId));
        Assert.All(endings, e => Assert.Equal(Ms(T0.AddMinutes(1)), e.EndedAt));
        Assert.All(endings, e => Assert.Equal(Ms(T0 + TimeSpan.FromDays(30)), e.ExpiresAt));
    }

    [Fact]
    public async Task Pruning_drops_the_endings_it_reports_and_keeps_the_rest_in_order()
    {
        var store = new InMemoryLoginSessionStore();
        var families = new List<LoginFamily>();
        for (var i = 0; i < 3000; i++)
        {
            var family = NewFamily("alice", T0, lifetime: TimeSpan.FromDays(i % 3 == 0 ? 1 : 60));
            families.Add(family);
            await store.CreateAsync(family, default);
            await store.EndAsync(family.Id, T0.AddMinutes(1), default);
        }

        var pruned = await store.PruneAsync(T0.AddDays(2), T0.AddDays(2), default);

        Assert.Equal(1000, pruned);
        Assert.Equal(families.Where((_, i) => i % 3 != 0).Select(f => f.Id), (await AllEndingsAsync(store, pageSize: 500)).Select(e => e.FamilyId));
    }
}
