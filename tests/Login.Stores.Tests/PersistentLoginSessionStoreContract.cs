using Xunit;

namespace Login.Stores.Tests;

/// <summary>
/// What a database store does beyond <see cref="LoginSessionStoreContract"/>: it survives a restart (a new store
/// instance on the same file or database sees everything), and it creates its schema once, however many instances
/// start at once.
/// </summary>
public abstract class PersistentLoginSessionStoreContract : LoginSessionStoreContract
{
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>This test's storage: a file, or a database.</summary>
    protected string Storage { get; private set; } = null!;

    /// <summary>A new, empty storage (no schema yet).</summary>
    protected abstract Task<string> NewStorageAsync();

    /// <summary>
    /// A store instance on <paramref name="storage"/> for <paramref name="application"/> (the unnamed one when
    /// <see langword="null"/>) whose rows without a user type are <paramref name="legacyUserType"/>'s (an app with that one
    /// user type; <see langword="null"/>: several), and what to dispose when the test ends.
    /// </summary>
    protected abstract (ILoginSessionStore Store, IAsyncDisposable? Owner) OpenStore(string storage, string? application = null,
        string? legacyUserType = null);

    /// <summary>The schema version the store's code brings a storage to.</summary>
    protected abstract int SchemaVersion { get; }

    /// <summary>The rows of the storage's schema version table.</summary>
    protected abstract Task<IReadOnlyList<int>> SchemaVersionsAsync(string storage);

    /// <summary>
    /// A new storage as the previous version of the code (schema version 2, before user types) left it, written with that
    /// version's DDL, with rows its code wrote: for application <see cref="PreviousApp"/>, a live login
    /// <c>live-login</c> of user "5" (created at <see cref="LoginSessionStoreContract.T0"/>, expiring 30 days later,
    /// remember token <c>token-1</c>) and <c>ended-login</c> of user "5" (ended, ending sequence 1); for application
    /// <c>other</c>, a live <c>other-login</c> of user "5".
    /// </summary>
    protected abstract Task<string> NewPreviousVersionStorageAsync();

    /// <summary>A live login of <paramref name="userId"/> inserted as the previous version's code does (it names no user type).</summary>
    protected abstract Task WriteAsPreviousVersionAsync(string storage, string familyId, string userId, string application, DateTimeOffset createdAt);

    /// <summary>The <c>user_type</c> stored for a family, read from the storage itself.</summary>
    protected abstract Task<string?> StoredUserTypeAsync(string storage, string familyId);

    /// <summary>The application of the rows in <see cref="NewPreviousVersionStorageAsync"/>.</summary>
    protected const string PreviousApp = "shop";

    /// <summary>The schema version before user types, and the code's (every version the storage records).</summary>
    private IEnumerable<int> AllVersions => Enumerable.Range(1, SchemaVersion);

    /// <summary>A new instance on the storage, as after a restart or in a second process.</summary>
    protected ILoginSessionStore Reopen(string? storage = null, string? application = null, string? legacyUserType = null)
    {
        var (store, owner) = OpenStore(storage ?? Storage, application, legacyUserType);
        if (owner is not null)
        {
            _opened.Add(owner);
        }

        return store;
    }

    protected override Task<ILoginSessionStore> OpenStoreAsync() => Task.FromResult(Reopen());

    public override async Task InitializeAsync()
    {
        Storage = await NewStorageAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var owner in _opened)
        {
            await owner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [StoreFact]
    public async Task After_a_restart_an_ended_login_stays_ended_and_a_live_one_stays_live()
    {
        var live = await CreatedAsync("alice", T0);
        var ended = await CreatedAsync("alice", T0.AddMinutes(1));
        var rotated = await CreatedAsync("bob", T0);
        var next = LoginFamily.NewId();
        await Store.EndAsync(ended.Id, T0.AddMinutes(2), default);
        await Store.RotateRememberTokenAsync(rotated.Id, rotated.RememberTokenId!, next, T0.AddMinutes(3), Grace, default);
        await Store.TouchAsync([new(live.Id, T0.AddMinutes(4))], default);
        var before = await AllEndingsAsync(Store);

        var restarted = Reopen();

        Assert.Equal([live.Id], (await restarted.ListLiveAsync(Customer, "alice", T0.AddMinutes(5), default)).Select(f => f.Id));
        Assert.Equal(await Store.FindAsync(live.Id, default), await restarted.FindAsync(live.Id, default));
        Assert.Equal(Ms(T0.AddMinutes(4)), (await restarted.FindAsync(live.Id, default))!.LastSeenAt);
        Assert.Equal(Ms(T0.AddMinutes(2)), (await restarted.FindAsync(ended.Id, default))!.EndedAt);
        Assert.Equal(before, await AllEndingsAsync(restarted));
        Assert.Equal(RememberTokenRotationOutcome.EndedOrUnknown,
            (await restarted.RotateRememberTokenAsync(ended.Id, ended.RememberTokenId!, LoginFamily.NewId(), T0.AddMinutes(5), Grace, default)).Outcome);
        // The rotation survived too: the replaced token is now a stolen copy, the new one restores.
        Assert.Equal(RememberTokenRotationOutcome.Rotated,
            (await restarted.RotateRememberTokenAsync(rotated.Id, next, LoginFamily.NewId(), T0.AddMinutes(5), Grace, default)).Outcome);
    }

    [StoreFact]
    public async Task After_a_restart_endings_continue_the_sequence()
    {
        var first = await CreatedAsync("alice", T0);
        var second = await CreatedAsync("alice", T0);
        await Store.EndAsync(first.Id, T0.AddMinutes(1), default);
        var cursor = (await Store.GetEndedSinceAsync(0, 10, default)).Cursor;

        var restarted = Reopen();
        await restarted.EndAsync(second.Id, T0.AddMinutes(2), default);

        var page = await restarted.GetEndedSinceAsync(cursor, 10, default);
        Assert.Equal([second.Id], page.Endings.Select(e => e.FamilyId));
        Assert.True(page.Cursor > cursor);
    }

    [StoreFact]
    public async Task Creating_the_schema_again_on_a_used_storage_is_harmless()
    {
        var family = await CreatedAsync("alice", T0);

        var again = Reopen();
        await again.CreateAsync(NewFamily("alice", T0), default);

        Assert.Equal(2, (await again.ListLiveAsync(Customer, "alice", T0, default)).Count);
        Assert.NotNull(await again.FindAsync(family.Id, default));
        Assert.Equal(Enumerable.Range(1, SchemaVersion), await SchemaVersionsAsync(Storage));
    }

    [StoreFact]
    public async Task Instances_starting_at_once_on_a_new_storage_create_the_schema_once()
    {
        var storage = await NewStorageAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => Reopen(storage)).ToList();
        var families = stores.Select(_ => NewFamily("alice", T0)).ToList();

        // Each instance's first call creates the schema; all start together, on threads of their own.
        using var start = new Barrier(stores.Count);
        await Task.WhenAll(stores.Select((store, i) => Task.Run(async () =>
        {
            start.SignalAndWait();
            await store.CreateAsync(families[i], default);
        })));

        Assert.Equal(Enumerable.Range(1, SchemaVersion), await SchemaVersionsAsync(storage));
        Assert.Equal(families.Select(f => f.Id).Order(), (await stores[0].ListLiveAsync(Customer, "alice", T0, default)).Select(f => f.Id).Order());
    }

    // Issue 21, item 3: two applications on one database (or file). Each must see, list, end, rotate, touch, prune and
    // catch up on its own logins only, whatever the other does with the same user ids.
    [StoreFact]
    public async Task Another_application_on_the_same_storage_neither_sees_nor_ends_nor_prunes_this_ones_logins()
    {
        var a = Reopen(application: "app-a");
        var b = Reopen(application: "app-b");
        var first = NewFamily("5", T0);
        var second = NewFamily("5", T0.AddMinutes(1));
        var expiring = NewFamily("5", T0, lifetime: TimeSpan.FromMinutes(1));
        foreach (var family in new[] { first, second, expiring })
        {
            await a.CreateAsync(family, default);
        }

        await a.EndAsync(second.Id, T0.AddMinutes(2), default);
        var now = T0.AddMinutes(3);

        Assert.Null(await b.FindAsync(first.Id, default));
        Assert.Empty(await b.ListLiveAsync(Customer, "5", now, default));
        Assert.Empty(await b.EndAllAsync(Customer, "5", null, now, default));
        Assert.False(await b.EndAsync(first.Id, now, default));
        Assert.Equal(RememberTokenRotationOutcome.EndedOrUnknown,
            (await b.RotateRememberTokenAsync(first.Id, first.RememberTokenId!, LoginFamily.NewId(), now, Grace, default)).Outcome);
        await b.TouchAsync([new(first.Id, now, now.AddDays(300))], default);
        Assert.Empty(await AllEndingsAsync(b));
        Assert.Equal(0, await b.PruneAsync(now.AddDays(400), now.AddDays(400), default));

        // A's logins are as A left them: the first live and untouched, the second ended once, the expiring one still kept.
        Assert.Equal([first.Id], (await a.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        var found = await a.FindAsync(first.Id, default);
        Assert.Equal(Ms(first.ExpiresAt), found!.ExpiresAt);
        Assert.Equal(Ms(first.LastSeenAt), found.LastSeenAt);
        Assert.Equal(first.RememberTokenId, found.RememberTokenId);
        Assert.Equal([second.Id], (await AllEndingsAsync(a)).Select(e => e.FamilyId));
        Assert.NotNull(await a.FindAsync(expiring.Id, default));
    }

    [StoreFact]
    public async Task Each_application_lists_and_ends_only_its_own_logins_of_the_same_user_id()
    {
        var a = Reopen(application: "app-a");
        var b = Reopen(application: "app-b");
        var ofA = NewFamily("5", T0);
        var ofB = NewFamily("5", T0);
        await a.CreateAsync(ofA, default);
        await b.CreateAsync(ofB, default);
        var now = T0.AddMinutes(1);

        Assert.Equal([ofB.Id], (await b.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Equal([ofB.Id], await b.EndAllAsync(Customer, "5", null, now, default));
        Assert.Equal([ofB.Id], (await AllEndingsAsync(b)).Select(e => e.FamilyId));

        Assert.Empty(await AllEndingsAsync(a));
        Assert.Equal([ofA.Id], (await a.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
    }

    // Issue 18: the user type migration. A storage the previous version wrote opens, migrates, and in an app with one user
    // type its logins restore, list and end as that type's; rows the previous version writes during a rolling deploy too.
    [StoreFact]
    public async Task A_storage_of_the_previous_schema_migrates_and_its_logins_are_the_only_user_types()
    {
        var storage = await NewPreviousVersionStorageAsync();
        Assert.Equal([1, 2], await SchemaVersionsAsync(storage));
        var now = T0.AddMinutes(1);

        var store = Reopen(storage, PreviousApp, legacyUserType: Customer);
        var live = await store.FindAsync("live-login", default); // the first use migrates, then types the old rows

        Assert.Equal(AllVersions, await SchemaVersionsAsync(storage));
        Assert.Equal(Customer, live!.UserType);
        Assert.Equal(Customer, await StoredUserTypeAsync(storage, "ended-login"));
        Assert.Null(await StoredUserTypeAsync(storage, "other-login")); // another application's rows are its own to type
        Assert.Equal(["live-login"], (await store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Empty(await store.ListLiveAsync(Admin, "5", now, default));
        Assert.Equal([("ended-login", 1L)], (await AllEndingsAsync(store)).Select(e => (e.FamilyId, e.Sequence)));
        Assert.Equal(RememberTokenRotationOutcome.Rotated,
            (await store.RotateRememberTokenAsync("live-login", "token-1", LoginFamily.NewId(), now, Grace, default)).Outcome);

        // An instance still on the previous version logs someone in: listed and ended as the only type's at once...
        await WriteAsPreviousVersionAsync(storage, "during-deploy", "5", PreviousApp, T0.AddSeconds(30));
        Assert.Null(await StoredUserTypeAsync(storage, "during-deploy"));
        Assert.Equal(["during-deploy", "live-login"], (await store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Equal(["during-deploy"], await store.EndAllAsync(Customer, "5", "live-login", now, default));
        Assert.Empty(await store.EndAllAsync(Admin, "5", null, now, default));

        // ...and typed by the next start.
        await WriteAsPreviousVersionAsync(storage, "during-deploy-2", "5", PreviousApp, T0.AddSeconds(40));
        var restarted = Reopen(storage, PreviousApp, legacyUserType: Customer);
        Assert.Equal(Customer, (await restarted.FindAsync("during-deploy-2", default))!.UserType);
        Assert.Equal(Customer, await StoredUserTypeAsync(storage, "during-deploy-2"));
        Assert.Equal(new[] { "live-login", "during-deploy-2" }.Order(), (await restarted.EndAllAsync(Customer, "5", null, now, default)).Order());
        Assert.Empty(await restarted.ListLiveAsync(Customer, "5", now, default));
        Assert.Equal(AllVersions, await SchemaVersionsAsync(storage));
    }

    [StoreFact]
    public async Task With_several_user_types_logins_recorded_without_one_are_nobodys()
    {
        var storage = await NewPreviousVersionStorageAsync();
        var now = T0.AddMinutes(1);

        var store = Reopen(storage, PreviousApp, legacyUserType: null);

        // Still found (the runtime refuses its cookies: whose it was cannot be told), but listed and ended for no one.
        Assert.Null((await store.FindAsync("live-login", default))!.UserType);
        Assert.Equal(AllVersions, await SchemaVersionsAsync(storage));
        Assert.Empty(await store.ListLiveAsync(Customer, "5", now, default));
        Assert.Empty(await store.ListLiveAsync(Admin, "5", now, default));
        Assert.Empty(await store.EndAllAsync(Customer, "5", null, now, default));
        Assert.Empty(await store.EndAllAsync(Admin, "5", null, now, default));
        Assert.Null(await StoredUserTypeAsync(storage, "live-login"));
        // The new logins of both types are each their own.
        var customer = NewFamily("5", T0, userType: Customer);
        var admin = NewFamily("5", T0, userType: Admin);
        await store.CreateAsync(customer, default);
        await store.CreateAsync(admin, default);
        Assert.Equal([customer.Id], (await store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
        Assert.Equal([admin.Id], await store.EndAllAsync(Admin, "5", null, now, default));
        Assert.Equal([customer.Id], (await store.ListLiveAsync(Customer, "5", now, default)).Select(f => f.Id));
    }

    [StoreFact]
    public async Task Instances_starting_at_once_on_a_storage_of_the_previous_schema_migrate_it_once_and_none_fails()
    {
        var storage = await NewPreviousVersionStorageAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => Reopen(storage, PreviousApp, legacyUserType: Customer)).ToList();

        // Each instance's first call migrates and types the old rows; all start together, on threads of their own.
        using var start = new Barrier(stores.Count);
        var found = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await store.FindAsync("live-login", default);
        })));

        Assert.All(found, family => Assert.Equal(Customer, family!.UserType));
        Assert.Equal(AllVersions, await SchemaVersionsAsync(storage));

        // Migrating again (a restart) changes nothing.
        var again = Reopen(storage, PreviousApp, legacyUserType: Customer);
        Assert.Equal(["live-login"], (await again.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default)).Select(f => f.Id));
        Assert.Equal(AllVersions, await SchemaVersionsAsync(storage));
        Assert.Equal(Customer, await StoredUserTypeAsync(storage, "ended-login"));
    }
}
