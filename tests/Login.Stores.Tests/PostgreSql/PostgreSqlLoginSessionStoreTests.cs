using Login.PostgreSql;
using System.Xml.Linq;
using Npgsql;
using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>The contract on the PostgreSQL store, each test on a new database of the private cluster.</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlLoginSessionStoreTests(PostgreSqlCluster cluster) : PersistentLoginSessionStoreContract
{
    protected override Task<string> NewStorageAsync() => cluster.CreateDatabaseAsync();

    protected override (ILoginSessionStore Store, IAsyncDisposable? Owner) OpenStore(string storage, string? application = null,
        string? legacyUserType = null)
    {
        var database = new PostgreSqlLoginDatabase(storage, application: application, legacyUserType: legacyUserType);
        return (new PostgreSqlLoginSessionStore(database), database);
    }

    protected override int SchemaVersion => PostgreSqlLoginSchema.Version;

    protected override async Task<IReadOnlyList<int>> SchemaVersionsAsync(string storage)
    {
        await using var connection = new NpgsqlConnection(storage + ";Pooling=false");
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT version FROM login_schema_version ORDER BY version;", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    // Schema version 2 as its code made it (migration 1, then migration 2 by the app "shop"), written out so that the test
    // does not depend on the code it tests.
    private const string PreviousVersionDdl = """
        CREATE TABLE login_schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL);
        CREATE TABLE login_families (
            id text NOT NULL PRIMARY KEY, user_id text NOT NULL, created_at timestamptz NOT NULL, last_seen_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL, remembered boolean NOT NULL, user_agent text NULL, ip_address text NULL,
            ended_at timestamptz NULL, ended_seq bigint NULL, remember_token_id text NULL, previous_remember_token_id text NULL,
            remember_rotated_at timestamptz NULL, app text NOT NULL DEFAULT 'shop');
        CREATE UNIQUE INDEX login_families_ended_seq ON login_families (ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX login_families_app_user ON login_families (app, user_id, created_at DESC);
        CREATE INDEX login_families_app_ended_seq ON login_families (app, ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX login_families_app_expires ON login_families (app, expires_at);
        CREATE TABLE login_counters (name text NOT NULL PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO login_counters (name, value) VALUES ('ended', 1);
        CREATE TABLE login_data_protection_keys (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, friendly_name text NULL, xml text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(), app text NOT NULL DEFAULT 'shop');
        CREATE INDEX login_data_protection_keys_app ON login_data_protection_keys (app, id);
        INSERT INTO login_schema_version (version, applied_at) VALUES (1, now()), (2, now());
        """;

    protected override async Task<string> NewPreviousVersionStorageAsync()
    {
        var storage = await NewStorageAsync();
        await using var connection = new NpgsqlConnection(storage + ";Pooling=false");
        await connection.OpenAsync();
        await ExecuteAsync(connection, PreviousVersionDdl + """
            INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, ended_at, ended_seq, remember_token_id, app)
            VALUES ('live-login', '5', $1, $1, $2, true, NULL, NULL, 'token-1', 'shop'),
                   ('ended-login', '5', $1, $1, $2, false, $3, 1, NULL, 'shop'),
                   ('other-login', '5', $1, $1, $2, false, NULL, NULL, NULL, 'other');
            """, Ms(T0), Ms(T0.AddDays(30)), Ms(T0.AddSeconds(1)));
        return storage;
    }

    protected override async Task WriteAsPreviousVersionAsync(string storage, string familyId, string userId, string application, DateTimeOffset createdAt)
    {
        // The previous version's INSERT: every column it knew, none other.
        await using var connection = new NpgsqlConnection(storage + ";Pooling=false");
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, user_agent, ip_address, ended_at,
                remember_token_id, previous_remember_token_id, remember_rotated_at, app)
            VALUES ($1, $2, $3, $3, $4, false, 'agent', '203.0.113.7', NULL, NULL, NULL, NULL, $5);
            """, connection)
        {
            Parameters =
            {
                new() { Value = familyId }, new() { Value = userId }, new() { Value = Ms(createdAt) }, new() { Value = Ms(createdAt.AddDays(30)) },
                new() { Value = application },
            },
        };
        await insert.ExecuteNonQueryAsync();
    }

    protected override async Task<string?> StoredUserTypeAsync(string storage, string familyId)
    {
        await using var connection = new NpgsqlConnection(storage + ";Pooling=false");
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT user_type FROM login_families WHERE id = $1;", connection)
        {
            Parameters = { new() { Value = familyId } },
        };
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var userType = reader.IsDBNull(0) ? null : reader.GetString(0);
        Assert.False(await reader.ReadAsync());
        return userType;
    }

    [StoreFact]
    public async Task A_database_of_schema_version_1_keeps_its_logins_endings_and_keys_for_the_app_that_migrates_first()
    {
        // The previous version's schema, with rows its code wrote: a live login, an ended one (ending sequence 1), a key.
        var storage = await NewStorageAsync();
        await using (var connection = new NpgsqlConnection(storage + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await PostgreSqlLoginSchema.ApplyAsync(connection, T0, new PostgreSqlLoginSchema.SchemaContext("not used by version 1"), target: 1,
                sync: false, default);

            await ExecuteAsync(connection, """
                INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered, ended_at, ended_seq, remember_token_id)
                VALUES ('live-login', '5', $1, $1, $2, true, NULL, NULL, 'token-1'),
                       ('ended-login', '5', $1, $1, $2, false, $3, 1, NULL);
                UPDATE login_counters SET value = 1 WHERE name = 'ended';
                INSERT INTO login_data_protection_keys (friendly_name, xml) VALUES ('key-1', '<key id="1" />');
                """, Ms(T0), Ms(T0.AddDays(30)), Ms(T0.AddSeconds(1)));
        }

        Assert.Equal([1], await SchemaVersionsAsync(storage));
        var (first, firstDatabase) = Open(storage, "first");
        var (second, secondDatabase) = Open(storage, "second");
        Assert.NotNull(await first.FindAsync("live-login", default)); // the first to use the database migrates it

        Assert.Equal([1, 2, 3], await SchemaVersionsAsync(storage));
        Assert.Equal(["live-login"], (await first.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default)).Select(f => f.Id));
        Assert.Equal([("ended-login", 1L)], (await AllEndingsAsync(first)).Select(e => (e.FamilyId, e.Sequence)));
        Assert.Equal(RememberTokenRotationOutcome.Rotated,
            (await first.RotateRememberTokenAsync("live-login", "token-1", LoginFamily.NewId(), T0.AddMinutes(1), Grace, default)).Outcome);
        Assert.Equal(["<key id=\"1\" />"], new PostgreSqlXmlRepository(firstDatabase).GetAllElements().Select(e => e.ToString()));
        Assert.Null(await second.FindAsync("live-login", default));
        Assert.Empty(await second.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default));
        Assert.Empty(await AllEndingsAsync(second));
        Assert.Empty(new PostgreSqlXmlRepository(secondDatabase).GetAllElements());

        // Rows the previous version's code writes after the migration (an instance not yet upgraded) are the first app's.
        await using (var connection = new NpgsqlConnection(storage + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, """
                INSERT INTO login_families (id, user_id, created_at, last_seen_at, expires_at, remembered)
                VALUES ('old-code-login', '5', $1, $1, $2, false);
                INSERT INTO login_data_protection_keys (friendly_name, xml) VALUES ('key-2', '<key id="2" />');
                """, Ms(T0.AddSeconds(2)), Ms(T0.AddDays(30)), Ms(T0));
        }

        Assert.Equal(["old-code-login", "live-login"], (await first.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default)).Select(f => f.Id));
        Assert.Equal(2, new PostgreSqlXmlRepository(firstDatabase).GetAllElements().Count);
        Assert.Empty(await second.ListLiveAsync(Customer, "5", T0.AddMinutes(1), default));
        // The second app's own key stays its own.
        new PostgreSqlXmlRepository(secondDatabase).StoreElement(new XElement("key", new XAttribute("id", "3")), "key-3");
        Assert.Equal(["<key id=\"3\" />"], new PostgreSqlXmlRepository(secondDatabase).GetAllElements().Select(e => e.ToString()));
        Assert.Equal(2, new PostgreSqlXmlRepository(firstDatabase).GetAllElements().Count);
    }

    [StoreFact]
    public async Task A_notification_of_another_applications_ending_is_not_reported()
    {
        var a = Reopen(application: "app-a");
        var b = Reopen(application: "app-b");
        var ofA = NewFamily("5", T0);
        var ofB = NewFamily("5", T0);
        await a.CreateAsync(ofA, default);
        await b.CreateAsync(ofB, default);
        await using var watch = await NoticeReader.StartAsync(b, TimeSpan.FromSeconds(10));

        await a.EndAsync(ofA.Id, T0.AddMinutes(1), default);
        await b.EndAsync(ofB.Id, T0.AddMinutes(1), default);
        await watch.EndedAsync(ofB.Id);
        watch.Drain();

        Assert.Equal([ofB.Id], watch.Seen.Where(n => n.Kind == LoginEndingNoticeKind.Ended).Select(n => n.FamilyId));
    }

    [Fact]
    public void A_notification_payload_names_its_application_and_an_older_versions_bare_id_is_taken()
    {
        Assert.Equal("id-1", PostgreSqlLoginSessionStore.EndedFamilyOf("id-1\napp-a", "app-a"));
        Assert.Null(PostgreSqlLoginSessionStore.EndedFamilyOf("id-1\napp-b", "app-a"));
        Assert.Null(PostgreSqlLoginSessionStore.EndedFamilyOf("id-1\napp-a\nmore", "app-a"));
        Assert.Equal("id-1", PostgreSqlLoginSessionStore.EndedFamilyOf("id-1\n", ""));
        Assert.Equal("id-1", PostgreSqlLoginSessionStore.EndedFamilyOf("id-1", "app-a"));
    }

    private (ILoginSessionStore Store, PostgreSqlLoginDatabase Database) Open(string storage, string application)
    {
        var store = (PostgreSqlLoginSessionStore)Reopen(storage, application, legacyUserType: Customer);
        return (store, store.Database);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params DateTimeOffset[] times)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(statement);
            var used = Enumerable.Range(1, times.Length).Where(i => statement.Contains($"${i}", StringComparison.Ordinal)).ToList();
            if (used.Count > 0)
            {
                for (var i = 1; i <= used.Max(); i++)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = times[i - 1] });
                }
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }
}
