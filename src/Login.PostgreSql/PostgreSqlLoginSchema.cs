using Login.Sessions.Store;
using Npgsql;

namespace Login.PostgreSql;

/// <summary>
/// The PostgreSQL schema and its migrations, applied in one transaction under a transaction-level advisory lock: two
/// instances starting at once on a new database apply it once (without the lock, two concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> can both try to create the type and one fails).
/// </summary>
/// <remarks>
/// A migration is SQL made from the migrating app's <see cref="SchemaContext"/>, so a new column can take a value only the
/// app knows as its default (version 2's <c>app</c>): rows written before it, and rows an older version of the code
/// writes during a rolling deploy, get that default. Version 3's <c>user_type</c> cannot have one (two apps on a
/// database have different user types): rows without it get the app's only user type's key at every start instead.
/// </remarks>
internal static class PostgreSqlLoginSchema
{
    public static int Version => Migrations.Length;

    /// <summary>The advisory lock key: "LoginSch" in ASCII, unlikely to collide with an app's own keys.</summary>
    public const long LockKey = 0x4C6F67696E536368;

    private const string VersionTable = """
        CREATE TABLE IF NOT EXISTS login_schema_version (
            version    integer     NOT NULL PRIMARY KEY,
            applied_at timestamptz NOT NULL
        );
        """;

    // ended_seq is the ending's place in the store-wide ending sequence (login_counters 'ended'). Additive migrations
    // only: during a rolling deploy older instances keep running against the newer schema.
    private static readonly Func<SchemaContext, string>[] Migrations =
    [
        _ => """
        CREATE TABLE IF NOT EXISTS login_families (
            id                         text        NOT NULL PRIMARY KEY,
            user_id                    text        NOT NULL,
            created_at                 timestamptz NOT NULL,
            last_seen_at               timestamptz NOT NULL,
            expires_at                 timestamptz NOT NULL,
            remembered                 boolean     NOT NULL,
            user_agent                 text        NULL,
            ip_address                 text        NULL,
            ended_at                   timestamptz NULL,
            ended_seq                  bigint      NULL,
            remember_token_id          text        NULL,
            previous_remember_token_id text        NULL,
            remember_rotated_at        timestamptz NULL
        );
        CREATE INDEX IF NOT EXISTS login_families_user ON login_families (user_id, created_at DESC);
        CREATE UNIQUE INDEX IF NOT EXISTS login_families_ended_seq ON login_families (ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS login_families_expires ON login_families (expires_at);
        CREATE TABLE IF NOT EXISTS login_counters (
            name  text   NOT NULL PRIMARY KEY,
            value bigint NOT NULL
        );
        INSERT INTO login_counters (name, value) VALUES ('ended', 0) ON CONFLICT (name) DO NOTHING;
        CREATE TABLE IF NOT EXISTS login_data_protection_keys (
            id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text        NULL,
            xml           text        NOT NULL,
            created_at    timestamptz NOT NULL DEFAULT now()
        );
        """,
        // Version 2: one application per row, families and keys (issue 21, item 3). The rows already there belong to the
        // app that migrates first, as do rows an older version of the code writes afterwards (the columns' default).
        context => $"""
        ALTER TABLE login_families ADD COLUMN IF NOT EXISTS app text NOT NULL DEFAULT {LoginApplication.SqlLiteral(context.Application)};
        DROP INDEX IF EXISTS login_families_user;
        DROP INDEX IF EXISTS login_families_expires;
        CREATE INDEX IF NOT EXISTS login_families_app_user ON login_families (app, user_id, created_at DESC);
        CREATE INDEX IF NOT EXISTS login_families_app_ended_seq ON login_families (app, ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS login_families_app_expires ON login_families (app, expires_at);
        ALTER TABLE login_data_protection_keys ADD COLUMN IF NOT EXISTS app text NOT NULL DEFAULT {LoginApplication.SqlLiteral(context.Application)};
        CREATE INDEX IF NOT EXISTS login_data_protection_keys_app ON login_data_protection_keys (app, id);
        """,
        // Version 3: each login's user type (issue 18), so the same id in two user types is two users. Rows written before
        // have none (NULL): every start gives them the app's only user type's key, if it has one (see ApplyAsync). Listing
        // and ending all of a user go by (app, user type, id), so that index replaces (app, id). The index is built in the
        // migration's transaction: logins wait for it once, on a table that pruning keeps to the live and recent logins.
        _ => """
        ALTER TABLE login_families ADD COLUMN IF NOT EXISTS user_type text NULL;
        DROP INDEX IF EXISTS login_families_app_user;
        CREATE INDEX IF NOT EXISTS login_families_app_user_type ON login_families (app, user_type, user_id, created_at DESC);
        """,
    ];

    /// <summary>
    /// What a migration may depend on: the app that applies it, and the user type key its logins recorded without one
    /// belong to (<see cref="LoginApplication.LegacyUserType"/>: its only user type's; <see langword="null"/> with several).
    /// </summary>
    public readonly record struct SchemaContext(string Application, string? LegacyUserType = null);

    /// <summary>
    /// Brings the database to <see cref="Version"/>, then gives the app's rows without a user type
    /// <see cref="SchemaContext.LegacyUserType"/>; returns the version it found and how many rows it typed.
    /// </summary>
    public static Task<(int Found, int Typed)> ApplyAsync(NpgsqlConnection connection, DateTimeOffset now, string application, string? legacyUserType, bool sync,
        CancellationToken cancellationToken) =>
        ApplyAsync(connection, now, new SchemaContext(application, legacyUserType), Version, sync, cancellationToken);

    /// <summary>Brings the database to <paramref name="target"/> (a test builds an older schema with it).</summary>
    internal static async Task<(int Found, int Typed)> ApplyAsync(NpgsqlConnection connection, DateTimeOffset now, SchemaContext context, int target, bool sync,
        CancellationToken cancellationToken)
    {
        await using var transaction = sync
            ? connection.BeginTransaction()
            : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey});", sync, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, VersionTable, sync, cancellationToken).ConfigureAwait(false);

        int found;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM login_schema_version;", connection))
        {
            found = (int)(sync ? read.ExecuteScalar() : await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        for (var version = found + 1; version <= target; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1](context), sync, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO login_schema_version (version, applied_at) VALUES ($1, $2);", connection)
            {
                Parameters = { new() { Value = version }, new() { Value = now } },
            };
            _ = sync ? record.ExecuteNonQuery() : await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var typed = 0;
        if (target >= 3 && context.LegacyUserType is { } legacy)
        {
            // On every start, not only at the migration: rows an instance of the previous version writes during a rolling
            // deploy (it knows no user types) get the type too. The index on (app, user_type, ...) finds the NULL rows
            // directly, so once they are typed this costs one index probe per start; the first start after the upgrade
            // updates each old row once, under the schema lock, so instances starting together do it one after another.
            await using var backfill = new NpgsqlCommand(
                "UPDATE login_families SET user_type = $1 WHERE app = $2 AND user_type IS NULL;", connection)
            {
                Parameters = { new() { Value = legacy }, new() { Value = context.Application } },
            };
            typed = sync ? backfill.ExecuteNonQuery() : await backfill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (sync)
        {
            transaction.Commit();
        }
        else
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return (found, typed);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, bool sync, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        _ = sync ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
