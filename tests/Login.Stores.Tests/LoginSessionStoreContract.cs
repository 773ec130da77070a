using Xunit;

namespace Login.Stores.Tests;

/// <summary>
/// What every <see cref="ILoginSessionStore"/> does, run against each store by a class deriving from this one (the
/// in-memory, SQLite and PostgreSQL stores), so the stores cannot drift apart. Each test starts on an empty store.
/// </summary>
public abstract class LoginSessionStoreContract : IAsyncLifetime
{
    /// <summary>A fixed clock: stores take every time as an argument. The odd ticks check that every store keeps milliseconds.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    protected static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(30); // a bound for a busy machine, not a figure

    protected ILoginSessionStore Store { get; private set; } = null!;

    /// <summary>A store on this test's storage; a second call is a second instance on the same storage (a restart, another process).</summary>
    protected abstract Task<ILoginSessionStore> OpenStoreAsync();

    public virtual async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>The user type key most tests record (an app's <c>[LoginUser] Customer</c>).</summary>
    protected const string Customer = "Customer";

    /// <summary>A second user type's key (<c>[LoginUser("admin")] Admin</c>), whose ids overlap with customers'.</summary>
    protected const string Admin = "admin";

    protected static LoginFamily NewFamily(string userId, DateTimeOffset createdAt, TimeSpan? lifetime = null, bool remembered = true,
        string userType = Customer) => new()
    {
        Id = LoginFamily.NewId(),
        UserId = userId,
        UserType = userType,
        CreatedAt = createdAt,
        LastSeenAt = createdAt,
        ExpiresAt = createdAt + (lifetime ?? TimeSpan.FromDays(30)),
        Remembered = remembered,
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0",
        IpAddress = "203.0.113.7",
        RememberTokenId = remembered ? LoginFamily.NewId() : null,
    };

    protected async Task<LoginFamily> CreatedAsync(string userId, DateTimeOffset createdAt, TimeSpan? lifetime = null, bool remembered = true,
        string userType = Customer)
    {
        var family = NewFamily(userId, createdAt, lifetime, remembered, userType);
        await Store.CreateAsync(family, default);
        return family;
    }

    protected static async Task<List<LoginFamilyEnding>> AllEndingsAsync(ILoginSessionStore store, long cursor = 0, int pageSize = 100)
    {
        var endings = new List<LoginFamilyEnding>();
        LoginEndingsPage page;
        do
        {
            page = await store.GetEndedSinceAsync(cursor, pageSize, default);
            endings.AddRange(page.Endings);
            cursor = page.Cursor;
        }
        while (page.HasMore);
        return endings;
    }

    [StoreFact]
    public async Task Create_then_find_returns_the_family_as_created_to_the_millisecond()
    {
        var family = NewFamily("alice", T0);

        await Store.CreateAsync(family, default);
        var found = await Store.FindAsync(family.Id, default);

        Assert.NotNull(found);
        Assert.Equal(family with { CreatedAt = Ms(T0), LastSeenAt = Ms(T0), ExpiresAt = Ms(family.ExpiresAt) }, found);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
        Assert.Null(found.EndedAt);
        Assert.True(found.IsLiveAt(T0));
    }

    [StoreFact]
    public async Task Find_of_an_unknown_id_is_null()
    {
        await CreatedAsync("alice", T0);

        Assert.Null(await Store.FindAsync(LoginFamily.NewId(), default));
    }

    [StoreFact]
    public async Task Create_with_an_id_that_exists_throws_and_keeps_the_first()
    {
        var family = await CreatedAsync("alice", T0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(family with { UserId = "mallory" }, default));

        Assert.Equal("alice", (await Store.FindAsync(family.Id, default))!.UserId);
    }

    [StoreFact]
    public async Task Create_refuses_a_family_that_is_already_ended_or_has_no_id()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(NewFamily("alice", T0) with { EndedAt = T0 }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(NewFamily("alice", T0) with { Id = "" }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(NewFamily("alice", T0) with { Id = new string('x', 65) }, default));
    }

    [StoreFact]
    public async Task Create_refuses_a_family_without_a_user_type_key()
    {
        foreach (var userType in new[] { null, "", "has space", "quote'", new string('k', LoginUserAttribute.MaxKeyLength + 1) })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(NewFamily("5", T0) with { UserType = userType }, default));
            Assert.Contains(userType is null ? "UserType" : "not a user type key", refused.Message, StringComparison.Ordinal);
        }

        var longest = NewFamily("5", T0, userType: new string('k', LoginUserAttribute.MaxKeyLength));
        await Store.CreateAsync(longest, default);
        Assert.Equal(longest.UserType, (await Store.FindAsync(longest.Id, default))!.UserType);
        Assert.Equal([longest.Id], (await Store.ListLiveAsync(longest.UserType!, "5", T0, default)).Select(f => f.Id));
    }

    [StoreFact]
    public async Task Listing_and_ending_all_need_a_user_type_key()
    {
        await CreatedAsync("5", T0);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListLiveAsync(null!, "5", T0, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListLiveAsync("", "5", T0, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.EndAllAsync(null!, "5", null, T0, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.EndAllAsync("a b", "5", null, T0, default));

        Assert.Single(await Store.ListLiveAsync(Customer, "5", T0, default));
    }

    // Issue 18: Customer 5 and Admin 5 are two people. Listing or ending all of one never touches the other's logins.
    [StoreFact]
    public async Task The_same_id_in_two_user_types_is_two_users_for_listing_and_ending_all()
    {
        var customer1 = await CreatedAsync("5", T0, userType: Customer);
        var customer2 = await CreatedAsync("5", T0.AddMinutes(1), userType: Customer);
        var admin1 = await CreatedAsync("5", T0.AddMinutes(2), userType: Admin);
        var admin2 = await CreatedAsync("5", T0.AddMinutes(3), userType: Admin);
        var now = T0.AddMinutes(4);

        Assert.Equal([customer2.Id, customer1.Id], (await Store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Equal([admin2.Id, admin1.Id], (await Store.ListLiveAsync(Admin, "5", now, default)).Select(f => f.Id));
        Assert.All(await Store.ListLiveAsync(Admin, "5", now, default), f => Assert.Equal(Admin, f.UserType));
        // Keys are compared exactly: "Admin" is not "admin".
        Assert.Empty(await Store.ListLiveAsync("Admin", "5", now, default));
        Assert.Empty(await Store.EndAllAsync("Admin", "5", null, now, default));

        // Ending all of Admin 5 but one (its current login), with a customer's family named as the one to keep.
        Assert.Equal([admin1.Id], await Store.EndAllAsync(Admin, "5", admin2.Id, now, default));
        Assert.Equal([admin2.Id], await Store.EndAllAsync(Admin, "5", customer1.Id, now, default));

        Assert.Empty(await Store.ListLiveAsync(Admin, "5", now, default));
        Assert.Equal([customer2.Id, customer1.Id], (await Store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Null((await Store.FindAsync(customer1.Id, default))!.EndedAt);
        Assert.Equal(new[] { admin1.Id, admin2.Id }.Order(), (await AllEndingsAsync(Store)).Select(e => e.FamilyId).Order());

        // And the other way round.
        Assert.Equal(new[] { customer1.Id, customer2.Id }.Order(), (await Store.EndAllAsync(Customer, "5", null, now, default)).Order());
        Assert.Equal(4, (await AllEndingsAsync(Store)).Count);
    }

    [StoreFact]
    public async Task A_long_user_agent_is_cut_to_the_documented_length()
    {
        var family = NewFamily("alice", T0) with { UserAgent = new string('a', 5000), IpAddress = new string('1', 100) };

        await Store.CreateAsync(family, default);
        var found = await Store.FindAsync(family.Id, default);

        Assert.Equal(new string('a', LoginFamily.MaxUserAgentLength), found!.UserAgent);
        Assert.Equal(new string('1', LoginFamily.MaxIpAddressLength), found.IpAddress);
    }

    [StoreFact]
    public async Task List_gives_the_users_live_families_newest_first()
    {
        var oldest = await CreatedAsync("alice", T0);
        var newest = await CreatedAsync("alice", T0.AddMinutes(2));
        var middle = await CreatedAsync("alice", T0.AddMinutes(1));
        var ended = await CreatedAsync("alice", T0.AddMinutes(3));
        await CreatedAsync("alice", T0.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(5));   // expired by T0
        await CreatedAsync("bob", T0.AddMinutes(4));
        Assert.True(await Store.EndAsync(ended.Id, T0.AddMinutes(5), default));

        var listed = await Store.ListLiveAsync(Customer, "alice", T0.AddMinutes(6), default);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], listed.Select(f => f.Id));
        Assert.Empty(await Store.ListLiveAsync(Customer, "carol", T0, default));
    }

    [StoreFact]
    public async Task End_ends_a_live_family_once()
    {
        var family = await CreatedAsync("alice", T0);
        var endedAt = T0.AddMinutes(1);

        Assert.True(await Store.EndAsync(family.Id, endedAt, default));
        Assert.False(await Store.EndAsync(family.Id, endedAt.AddMinutes(1), default));

        var found = await Store.FindAsync(family.Id, default);
        Assert.Equal(Ms(endedAt), found!.EndedAt);
        Assert.False(found.IsLiveAt(endedAt));
        Assert.Empty(await Store.ListLiveAsync(Customer, "alice", endedAt, default));
    }

    [StoreFact]
    public async Task End_of_an_unknown_or_expired_family_changes_nothing()
    {
        var expired = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromMinutes(1));

        Assert.False(await Store.EndAsync(LoginFamily.NewId(), T0, default));
        Assert.False(await Store.EndAsync(expired.Id, T0.AddMinutes(2), default));

        Assert.Null((await Store.FindAsync(expired.Id, default))!.EndedAt);
        Assert.Empty(await AllEndingsAsync(Store));
    }

    [StoreFact]
    public async Task EndAll_ends_every_live_family_of_the_user_and_no_other()
    {
        var a1 = await CreatedAsync("alice", T0);
        var a2 = await CreatedAsync("alice", T0.AddMinutes(1));
        var a3 = await CreatedAsync("alice", T0.AddMinutes(2));
        var bob = await CreatedAsync("bob", T0);
        Assert.True(await Store.EndAsync(a3.Id, T0.AddMinutes(3), default));

        var ended = await Store.EndAllAsync(Customer, "alice", null, T0.AddMinutes(4), default);

        Assert.Equal(new[] { a1.Id, a2.Id }.Order(), ended.Order());
        Assert.Empty(await Store.ListLiveAsync(Customer, "alice", T0.AddMinutes(4), default));
        Assert.Equal([bob.Id], (await Store.ListLiveAsync(Customer, "bob", T0.AddMinutes(4), default)).Select(f => f.Id));
        Assert.Equal(Ms(T0.AddMinutes(3)), (await Store.FindAsync(a3.Id, default))!.EndedAt);
        Assert.Empty(await Store.EndAllAsync(Customer, "alice", null, T0.AddMinutes(5), default));
    }

    [StoreFact]
    public async Task EndAll_can_keep_the_current_family()
    {
        var current = await CreatedAsync("alice", T0);
        var other = await CreatedAsync("alice", T0.AddMinutes(1));

        var ended = await Store.EndAllAsync(Customer, "alice", current.Id, T0.AddMinutes(2), default);

        Assert.Equal([other.Id], ended);
        Assert.Equal([current.Id], (await Store.ListLiveAsync(Customer, "alice", T0.AddMinutes(2), default)).Select(f => f.Id));
    }

    [StoreFact]
    public async Task Touch_moves_last_seen_and_expiry_forward_for_a_whole_batch()
    {
        var a = await CreatedAsync("alice", T0);
        var b = await CreatedAsync("alice", T0);
        var c = await CreatedAsync("bob", T0);
        var ended = await CreatedAsync("bob", T0);
        await Store.EndAsync(ended.Id, T0.AddMinutes(1), default);
        var later = T0.AddMinutes(5);
        var longer = a.ExpiresAt.AddDays(7);

        await Store.TouchAsync(
        [
            new(a.Id, later, longer),
            new(a.Id, T0.AddMinutes(3)),                  // the same family twice in a batch: the later time wins
            new(b.Id, later),                             // no expiry: kept
            new(c.Id, T0.AddMinutes(-5), T0.AddDays(1)),  // earlier than stored: nothing moves back
            new(ended.Id, later),                         // ended: left alone
            new(LoginFamily.NewId(), later),              // unknown: ignored
        ], default);

        var foundA = await Store.FindAsync(a.Id, default);
        Assert.Equal((Ms(later), Ms(longer)), (foundA!.LastSeenAt, foundA.ExpiresAt));
        var foundB = await Store.FindAsync(b.Id, default);
        Assert.Equal((Ms(later), Ms(b.ExpiresAt)), (foundB!.LastSeenAt, foundB.ExpiresAt));
        var foundC = await Store.FindAsync(c.Id, default);
        Assert.Equal((Ms(T0), Ms(c.ExpiresAt)), (foundC!.LastSeenAt, foundC.ExpiresAt));
        Assert.Equal(Ms(T0), (await Store.FindAsync(ended.Id, default))!.LastSeenAt);
    }

    [StoreFact]
    public async Task Touch_of_many_families_at_once()
    {
        var families = new List<LoginFamily>();
        for (var i = 0; i < 300; i++)
        {
            families.Add(await CreatedAsync($"user{i % 7}", T0));
        }

        await Store.TouchAsync(families.Select((f, i) => new LoginFamilyTouch(f.Id, T0.AddSeconds(i + 1))).ToList(), default);

        for (var i = 0; i < families.Count; i += 37)
        {
            Assert.Equal(Ms(T0.AddSeconds(i + 1)), (await Store.FindAsync(families[i].Id, default))!.LastSeenAt);
        }
    }

    [StoreFact]
    public async Task Rotating_the_current_token_issues_the_new_one()
    {
        var family = await CreatedAsync("alice", T0);
        var next = LoginFamily.NewId();
        var at = T0.AddHours(1);

        var rotation = await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, next, at, Grace, default);

        Assert.Equal(RememberTokenRotationOutcome.Rotated, rotation.Outcome);
        Assert.Equal(next, rotation.TokenId);
        var found = await Store.FindAsync(family.Id, default);
        Assert.Equal((next, family.RememberTokenId, Ms(at)), (found!.RememberTokenId, found.PreviousRememberTokenId, found.RememberRotatedAt));
        Assert.Equal(found, rotation.Family);
    }

    [StoreFact]
    public async Task A_replaced_token_within_the_grace_window_gets_the_current_token_and_changes_nothing()
    {
        var family = await CreatedAsync("alice", T0);
        var first = LoginFamily.NewId();
        await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, first, T0, Grace, default);

        var replay = await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, LoginFamily.NewId(), T0 + Grace, Grace, default);

        Assert.Equal(RememberTokenRotationOutcome.ReplayWithinGrace, replay.Outcome);
        Assert.Equal(first, replay.TokenId);
        var found = await Store.FindAsync(family.Id, default);
        Assert.Equal((first, family.RememberTokenId), (found!.RememberTokenId, found.PreviousRememberTokenId));
        Assert.Null(found.EndedAt);
    }

    [StoreFact]
    public async Task Parallel_restores_of_one_browser_converge_on_one_token()
    {
        var family = await CreatedAsync("alice", T0);

        // Started together on threads of their own, as a browser's parallel requests reach the server.
        const int Requests = 8;
        using var start = new Barrier(Requests);
        var rotations = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, LoginFamily.NewId(), T0.AddMilliseconds(i), Grace, default);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

        Assert.Single(rotations, r => r.Outcome == RememberTokenRotationOutcome.Rotated);
        Assert.All(rotations, r => Assert.Contains(r.Outcome, new[] { RememberTokenRotationOutcome.Rotated, RememberTokenRotationOutcome.ReplayWithinGrace }));
        Assert.Single(rotations.Select(r => r.TokenId).Distinct());
        Assert.Equal(rotations[0].TokenId, (await Store.FindAsync(family.Id, default))!.RememberTokenId);
    }

    [StoreFact]
    public async Task A_replaced_token_after_the_grace_window_is_theft_and_ends_the_family()
    {
        var family = await CreatedAsync("alice", T0);
        var next = LoginFamily.NewId();
        await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, next, T0, Grace, default);
        var late = T0 + Grace + TimeSpan.FromMilliseconds(1);

        var theft = await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, LoginFamily.NewId(), late, Grace, default);

        Assert.Equal(RememberTokenRotationOutcome.Theft, theft.Outcome);
        Assert.Null(theft.TokenId);
        Assert.Equal(Ms(late), (await Store.FindAsync(family.Id, default))!.EndedAt);
        Assert.Empty(await Store.ListLiveAsync(Customer, "alice", late, default));
        Assert.Equal([family.Id], (await AllEndingsAsync(Store)).Select(e => e.FamilyId));
        // The thief's copy ended the family for the owner too: the current token is refused from now on.
        var owner = await Store.RotateRememberTokenAsync(family.Id, next, LoginFamily.NewId(), late, Grace, default);
        Assert.Equal(RememberTokenRotationOutcome.EndedOrUnknown, owner.Outcome);
    }

    [StoreFact]
    public async Task A_token_older_than_the_previous_one_is_theft_even_within_the_grace_window()
    {
        var family = await CreatedAsync("alice", T0);
        var second = LoginFamily.NewId();
        await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, second, T0, Grace, default);
        await Store.RotateRememberTokenAsync(family.Id, second, LoginFamily.NewId(), T0.AddSeconds(1), Grace, default);

        var theft = await Store.RotateRememberTokenAsync(family.Id, family.RememberTokenId!, LoginFamily.NewId(), T0.AddSeconds(2), Grace, default);

        Assert.Equal(RememberTokenRotationOutcome.Theft, theft.Outcome);
        Assert.NotNull((await Store.FindAsync(family.Id, default))!.EndedAt);
    }

    [StoreFact]
    public async Task Rotation_of_an_ended_expired_unknown_or_unremembered_family_is_refused_and_changes_nothing()
    {
        var ended = await CreatedAsync("alice", T0);
        await Store.EndAsync(ended.Id, T0, default);
        var expired = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromMinutes(1));
        var unremembered = await CreatedAsync("alice", T0, remembered: false);
        var at = T0.AddMinutes(2);

        foreach (var (id, token) in new[] { (ended.Id, ended.RememberTokenId!), (expired.Id, expired.RememberTokenId!), (LoginFamily.NewId(), "x"), (unremembered.Id, "x") })
        {
            var rotation = await Store.RotateRememberTokenAsync(id, token, LoginFamily.NewId(), at, Grace, default);
            Assert.Equal(RememberTokenRotationOutcome.EndedOrUnknown, rotation.Outcome);
            Assert.Null(rotation.TokenId);
        }

        Assert.Equal(expired.RememberTokenId, (await Store.FindAsync(expired.Id, default))!.RememberTokenId);
        Assert.Null((await Store.FindAsync(unremembered.Id, default))!.EndedAt);
        Assert.Equal([ended.Id], (await AllEndingsAsync(Store)).Select(e => e.FamilyId));
    }

    [StoreFact]
    public async Task Endings_are_numbered_in_order_and_read_page_by_page_from_a_cursor()
    {
        var one = await CreatedAsync("alice", T0);
        var stolen = await CreatedAsync("alice", T0);
        var bob1 = await CreatedAsync("bob", T0);
        var bob2 = await CreatedAsync("bob", T0.AddMinutes(1));
        var bob3 = await CreatedAsync("bob", T0.AddMinutes(2));
        var live = await CreatedAsync("carol", T0);
        await Store.EndAsync(one.Id, T0.AddMinutes(1), default);
        await Store.RotateRememberTokenAsync(stolen.Id, "not-its-token", LoginFamily.NewId(), T0.AddMinutes(2), Grace, default);
        await Store.EndAllAsync(Customer, "bob", null, T0.AddMinutes(3), default);

        var first = await Store.GetEndedSinceAsync(0, 2, default);
        var second = await Store.GetEndedSinceAsync(first.Cursor, 2, default);
        var last = await Store.GetEndedSinceAsync(second.Cursor, 2, default);
        var after = await Store.GetEndedSinceAsync(last.Cursor, 2, default);

        Assert.Equal((2, true, 2, true, 1, false), (first.Endings.Count, first.HasMore, second.Endings.Count, second.HasMore, last.Endings.Count, last.HasMore));
        Assert.Equal((0, false), (after.Endings.Count, after.HasMore));
        var endings = first.Endings.Concat(second.Endings).Concat(last.Endings).ToList();
        Assert.Equal([one.Id, stolen.Id], endings.Take(2).Select(e => e.FamilyId));
        Assert.Equal(new[] { bob1.Id, bob2.Id, bob3.Id }.Order(), endings.Skip(2).Select(e => e.FamilyId).Order());
        Assert.DoesNotContain(live.Id, endings.Select(e => e.FamilyId));
        Assert.Equal(endings.Select(e => e.Sequence).Order(), endings.Select(e => e.Sequence));
        Assert.Equal(endings.Count, endings.Select(e => e.Sequence).Distinct().Count());
        Assert.All(endings, e => Assert.True(e.Sequence > 0));
        Assert.Equal(first.Endings[^1].Sequence, first.Cursor);
        Assert.Equal(last.Cursor, after.Cursor);
        Assert.Equal(Ms(one.ExpiresAt), endings[0].ExpiresAt);
        Assert.Equal(endings.Skip(1), await AllEndingsAsync(Store, endings[0].Sequence));
    }

    [StoreFact]
    public async Task Concurrent_endings_get_distinct_sequences_with_no_gaps()
    {
        var families = new List<LoginFamily>();
        for (var i = 0; i < 24; i++)
        {
            families.Add(await CreatedAsync($"user{i % 3}", T0));
        }

        var results = await Task.WhenAll(families.Select((f, i) => Task.Run(() => i % 8 == 0
            ? Store.EndAllAsync(Customer, f.UserId, null, T0.AddMinutes(1), default).ContinueWith(t => t.Result.Count, TaskScheduler.Default)
            : Store.EndAsync(f.Id, T0.AddMinutes(1), default).ContinueWith(t => t.Result ? 1 : 0, TaskScheduler.Default))));

        var endings = await AllEndingsAsync(Store);
        Assert.Equal(families.Count, results.Sum());
        Assert.Equal(families.Select(f => f.Id).Order(), endings.Select(e => e.FamilyId).Order());
        var sequences = endings.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
    }

    [StoreFact]
    public async Task A_watcher_hears_of_every_ending_after_it_connects()
    {
        var ended = await CreatedAsync("alice", T0);
        var bobs = new[] { await CreatedAsync("bob", T0), await CreatedAsync("bob", T0) };
        var stolen = await CreatedAsync("carol", T0);
        await using var watch = await NoticeReader.StartAsync(Store, NoticeTimeout);

        await Store.EndAsync(ended.Id, T0.AddMinutes(1), default);
        await Store.EndAllAsync(Customer, "bob", null, T0.AddMinutes(1), default);
        await Store.RotateRememberTokenAsync(stolen.Id, "old", LoginFamily.NewId(), T0.AddMinutes(1), Grace, default);

        var expected = new[] { ended.Id, bobs[0].Id, bobs[1].Id, stolen.Id };
        var heard = await watch.EndedAsync(expected.Length);
        Assert.Equal(expected.Order(), heard.Order());
    }

    [StoreFact]
    public async Task Watchers_are_independent_and_each_hears_every_ending()
    {
        var family = await CreatedAsync("alice", T0);
        await using var first = await NoticeReader.StartAsync(Store, NoticeTimeout);
        await using var second = await NoticeReader.StartAsync(Store, NoticeTimeout);

        await Store.EndAsync(family.Id, T0.AddMinutes(1), default);

        Assert.Equal([family.Id], await first.EndedAsync(1));
        Assert.Equal([family.Id], await second.EndedAsync(1));
    }

    [StoreFact]
    public async Task Prune_deletes_expired_families_with_their_endings_and_keeps_the_rest()
    {
        var expiredLive = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromHours(1));
        var expiredEnded = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromHours(1));
        var live = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromDays(1));
        var liveEnded = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromDays(1));
        await Store.EndAsync(expiredEnded.Id, T0.AddMinutes(1), default);
        await Store.EndAsync(liveEnded.Id, T0.AddMinutes(1), default);

        var pruned = await Store.PruneAsync(T0.AddHours(2), endedBefore: T0.AddHours(2), default);

        Assert.Equal(2, pruned);
        Assert.Null(await Store.FindAsync(expiredLive.Id, default));
        Assert.Null(await Store.FindAsync(expiredEnded.Id, default));
        Assert.NotNull(await Store.FindAsync(live.Id, default));
        Assert.Equal([liveEnded.Id], (await AllEndingsAsync(Store)).Select(e => e.FamilyId));
        Assert.Equal(0, await Store.PruneAsync(T0.AddHours(2), endedBefore: T0.AddHours(2), default));
    }

    [StoreFact]
    public async Task Prune_keeps_an_expired_family_that_ended_recently_and_its_ending_says_when()
    {
        // Issue 21, item 2: a cookie issued just before the logout may outlive the family's recorded expiry, so the ending
        // must outlive it too; the runtime asks to keep endings younger than the longest cookie life.
        var family = await CreatedAsync("alice", T0, lifetime: TimeSpan.FromHours(1));
        await Store.EndAsync(family.Id, T0.AddMinutes(59), default);

        Assert.Equal(0, await Store.PruneAsync(T0.AddHours(2), endedBefore: T0.AddMinutes(30), default));
        var ending = Assert.Single(await AllEndingsAsync(Store));
        Assert.Equal((family.Id, T0.AddMinutes(59).ToUnixTimeMilliseconds()), (ending.FamilyId, ending.EndedAt.ToUnixTimeMilliseconds()));

        Assert.Equal(1, await Store.PruneAsync(T0.AddHours(2), endedBefore: T0.AddHours(1), default));
        Assert.Empty(await AllEndingsAsync(Store));
    }
}
