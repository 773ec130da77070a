using Login.Sqlite;
using Login.Stores.Tests.Apps;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>The contract on the SQLite store, each test on a new file in a temporary folder.</summary>
public sealed class SqliteLoginSessionStoreTests : PersistentLoginSessionStoreContract
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("login-sqlite-");

    protected override Task<string> NewStorageAsync() =>
        Task.FromResult($"Data Source={Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.db")}");

    protected override (ILoginSessionStore Store, IAsyncDisposable? Owner) OpenStore(string storage, string? application = null,
        string? legacyUserType = null) =>
        (new SqliteLoginSessionStore(storage, application: application, legacyUserType: legacyUserType) { PollInterval = TimeSpan.FromMilliseconds(100) }, null);

    protected override int SchemaVersion => SqliteLoginSchema.Version;

    protected override Task<IReadOnlyList<int>> SchemaVersionsAsync(string storage) =>
        Task.FromResult<IReadOnlyList<int>>(Query(storage, "SELECT version FROM login_schema_version ORDER BY version;")
            .Select(v => Convert.ToInt32(v)).ToList());

    // Schema version 2 as its code made it (migration 1, then migration 2 by the app "shop"), written out so that the test
    // does not depend on the code it tests.
    private const string PreviousVersionDdl = """
        CREATE TABLE login_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);
        CREATE TABLE login_families (
            id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL, remembered INTEGER NOT NULL, user_agent TEXT NULL, ip_address TEXT NULL,
            ended_at INTEGER NULL, ended_seq INTEGER NULL, remember_token_id TEXT NULL, previous_remember_token_id TEXT NULL,
            remember_rotated_at INTEGER NULL, app TEXT NOT NULL DEFAULT 'shop');
        CREATE UNIQUE INDEX login_families_ended_seq ON login_families (ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX login_families_app_user ON login_families (app, user_id, created_at);
        CREATE INDEX login_families_app_ended_seq ON login_families (app, ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX login_families_app_expires ON login_families (app, expires_at);
        CREATE TABLE login_counters (name TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO login_counters (name, value) VALUES ('ended', 1);
        INSERT INTO login_schema_version (version, applied_at) VALUES (1, 0), (2, 0);
        """;

    protected override async Task<string> NewPreviousVersionStorageAsync()
    {
        var storage = await NewStorageAsync();
        var t = T0.ToUnixTimeMilliseconds();
        var month = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        using var connection = new SqliteConnection(storage);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, PreviousVersionDdl + $"""
            INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, ended_at, ended_seq, remember_token_id, app)
            VALUES ('live-login', '5', {t}, {t}, {t + month}, 1, NULL, NULL, 'token-1', 'shop'),
                   ('ended-login', '5', {t}, {t}, {t + month}, 0, {t + 1000}, 1, NULL, 'shop'),
                   ('other-login', '5', {t}, {t}, {t + month}, 0, NULL, NULL, NULL, 'other');
            """);
        return storage;
    }

    protected override Task WriteAsPreviousVersionAsync(string storage, string familyId, string userId, string application, DateTimeOffset createdAt)
    {
        // The previous version's INSERT: every column it knew, none other.
        using var connection = new SqliteConnection(storage);
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, user_agent, ip_address, ended_at,
                remember_token_id, previous_remember_token_id, remember_rotated_at, app)
            VALUES ($id, $user, $created, $created, $expires, 0, 'agent', '203.0.113.7', NULL, NULL, NULL, NULL, $app);
            """;
        insert.Parameters.AddWithValue("$id", familyId);
        insert.Parameters.AddWithValue("$user", userId);
        insert.Parameters.AddWithValue("$created", createdAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$expires", createdAt.AddDays(30).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$app", application);
        insert.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    protected override Task<string?> StoredUserTypeAsync(string storage, string familyId)
    {
        var values = Query(storage, $"SELECT user_type FROM login_families WHERE id = '{familyId}';");
        return Task.FromResult(Assert.Single(values) as string);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static List<object> Query(string storage, string sql)
    {
        using var connection = new SqliteConnection(storage);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode()
    {
        await Store.FindAsync("x", default);

        Assert.Equal(["wal"], Query(Storage, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Another_process_on_the_same_file_hears_of_an_ending_by_polling()
    {
        var family = await CreatedAsync("alice", T0);
        var other = Reopen();
        await using var watch = await NoticeReader.StartAsync(other, TimeSpan.FromSeconds(30));

        await Store.EndAsync(family.Id, T0.AddMinutes(1), default);

        Assert.Equal([family.Id], await watch.EndedAsync(1));
    }

    [Fact]
    public async Task An_ending_in_this_process_is_reported_once_although_the_poll_sees_it_too()
    {
        var family = await CreatedAsync("alice", T0);
        var last = await CreatedAsync("alice", T0);
        await using var watch = await NoticeReader.StartAsync(Store, TimeSpan.FromSeconds(30));

        await Store.EndAsync(family.Id, T0.AddMinutes(1), default);
        await Task.Delay(500);   // several polls
        await Store.EndAsync(last.Id, T0.AddMinutes(1), default);
        await watch.EndedAsync(last.Id);
        await Task.Delay(500);
        watch.Drain();

        Assert.Equal([family.Id, last.Id], watch.Seen.Where(n => n.Kind == LoginEndingNoticeKind.Ended).Select(n => n.FamilyId));
    }

    [Fact]
    public async Task A_file_that_cannot_be_opened_throws_LoginStoreUnavailableException()
    {
        var store = new SqliteLoginSessionStore($"Data Source={Path.Combine(_folder.FullName, "missing-folder", "login.db")}");

        var ex = await Assert.ThrowsAsync<LoginStoreUnavailableException>(() => store.FindAsync("x", default));

        Assert.Contains("missing-folder", ex.Message);
    }

    [Fact]
    public void An_in_memory_database_is_refused_at_startup()
    {
        Assert.Throws<ArgumentException>(() => new SqliteLoginSessionStore("Data Source=:memory:"));
        Assert.Throws<ArgumentException>(() => new SqliteLoginSessionStore("Data Source=x;Mode=Memory"));
    }

    [Fact]
    public async Task A_file_of_schema_version_1_keeps_its_logins_and_endings_for_the_app_that_migrates_first()
    {
        // The previous version's schema, with rows its code wrote: a live login and an ended one (ending sequence 1).
        var storage = await NewStorageAsync();
        var t = T0.ToUnixTimeMilliseconds();
        var month = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        using (var connection = new SqliteConnection(storage))
        {
            connection.Open();
            SqliteLoginSchema.Apply(connection, T0, new SqliteLoginSchema.SchemaContext("not used by version 1"), target: 1);
            Execute(connection, $"""
                INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, ended_at, ended_seq, remember_token_id)
                VALUES ('live-login', '5', {t}, {t}, {t + month}, 1, NULL, NULL, 'token-1'),
                       ('ended-login', '5', {t}, {t}, {t + month}, 0, {t + 1000}, 1, NULL);
                UPDATE login_counters SET value = 1 WHERE name = 'ended';
                """);
        }

        Assert.Equal([1], await SchemaVersionsAsync(storage));
        var first = Reopen(storage, "first", legacyUserType: Customer);
        var second = Reopen(storage, "second", legacyUserType: Customer);
        Assert.NotNull(await first.FindAsync("live-login", default)); // the first to use the file migrates it

        Assert.Equal([1, 2, 3], await SchemaVersionsAsync(storage));
        Assert.Equal(["live-login"], (await first.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default)).Select(f => f.Id));
        Assert.Equal([("ended-login", 1L)], (await AllEndingsAsync(first)).Select(e => (e.FamilyId, e.Sequence)));
        Assert.Equal(RememberTokenRotationOutcome.Rotated,
            (await first.RotateRememberTokenAsync("live-login", "token-1", LoginFamily.NewId(), T0.AddMinutes(1), Grace, default)).Outcome);
        Assert.Null(await second.FindAsync("live-login", default));
        Assert.Empty(await second.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default));
        Assert.Empty(await AllEndingsAsync(second));

        // A row the previous version's code writes after the migration (an instance not yet upgraded) is the first app's.
        using (var connection = new SqliteConnection(storage))
        {
            connection.Open();
            Execute(connection, $"""
                INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered)
                VALUES ('old-code-login', '5', {t + 2000}, {t + 2000}, {t + month}, 0);
                """);
        }

        Assert.Equal(["old-code-login", "live-login"], (await first.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default)).Select(f => f.Id));
        Assert.Empty(await second.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default));
        // The sequence goes on from the old rows' for every app.
        var ofSecond = await CreatedAsyncOn(second, "5");
        await second.EndAsync(ofSecond.Id, T0.AddMinutes(2), default);
        Assert.Equal([(ofSecond.Id, 2L)], (await AllEndingsAsync(second)).Select(e => (e.FamilyId, e.Sequence)));
    }

    [Fact]
    public async Task The_start_that_types_old_logins_logs_how_many_and_as_which_type_and_a_later_start_logs_nothing()
    {
        var storage = await NewPreviousVersionStorageAsync();
        var first = new ListLogger();
        var later = new ListLogger();
        using var firstLoggers = LoggerFactory.Create(b => b.AddProvider(first));
        using var laterLoggers = LoggerFactory.Create(b => b.AddProvider(later));

        await new SqliteLoginSessionStore(storage, logger: firstLoggers.CreateLogger<SqliteLoginSessionStore>(), application: PreviousApp,
            legacyUserType: Customer).FindAsync("live-login", default);
        await new SqliteLoginSessionStore(storage, logger: laterLoggers.CreateLogger<SqliteLoginSessionStore>(), application: PreviousApp,
            legacyUserType: Customer).FindAsync("live-login", default);

        var typed = Assert.Single(first.Entries, e => e.Id == 75);
        Assert.Equal(LogLevel.Information, typed.Level);
        Assert.Contains("gave 2 login(s)", typed.Message, StringComparison.Ordinal);
        Assert.Contains("\"Customer\"", typed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(later.Entries, e => e.Id == 75);
    }

    [Fact]
    public async Task An_application_name_with_a_quote_is_kept_as_written()
    {
        var storage = await NewStorageAsync();
        var quoted = Reopen(storage, "O'Brien's app; DROP TABLE login_families; --");
        var family = await CreatedAsyncOn(quoted, "5");

        Assert.Equal([family.Id], (await quoted.ListLiveAsync(Customer, "5", T0, default)).Select(f => f.Id));
        Assert.Equal(["O'Brien's app; DROP TABLE login_families; --"], Query(storage, "SELECT DISTINCT app FROM login_families;"));
    }

    private static async Task<LoginFamily> CreatedAsyncOn(ILoginSessionStore store, string userId)
    {
        var family = NewFamily(userId, T0);
        await store.CreateAsync(family, default);
        return family;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
