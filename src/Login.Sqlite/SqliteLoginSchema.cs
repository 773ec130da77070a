using Login.Sessions.Store;
using Microsoft.Data.Sqlite;

namespace Login.Sqlite;

/// <summary>
/// The SQLite schema and its migrations. Applied in one <c>BEGIN IMMEDIATE</c> transaction (SQLite's write lock), so
/// two processes starting on a new file at once apply it once: the second waits for the lock, then finds the version.
/// </summary>
/// <remarks>
/// A migration is SQL made from the migrating app's <see cref="SchemaContext"/>, so a new column can take a value only the
/// app knows as its default (version 2's <c>app</c>): rows written before it, and rows an older version of the code
/// writes during an upgrade, get that default. Version 3's <c>user_type</c> cannot have one (two apps on a file have
/// different user types): rows without it get the app's only user type's key at every start instead. Migrations only
/// add; the file records each version it applied.
/// </remarks>
internal static class SqliteLoginSchema
{
    public static int Version => Migrations.Length;

    private const string VersionTable = """
        CREATE TABLE IF NOT EXISTS login_schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL
        );
        """;

    // Times are Unix milliseconds. ended_seq is the ending's place in the file-wide ending sequence (login_counters),
    // shared by every application on the file: each reads its own endings in that order.
    private static readonly Func<SchemaContext, string>[] Migrations =
    [
        _ => """
        CREATE TABLE IF NOT EXISTS login_families (
            id                         TEXT    NOT NULL PRIMARY KEY,
            user_id                    TEXT    NOT NULL,
            created_at                 INTEGER NOT NULL,
            last_seen_at               INTEGER NOT NULL,
            expires_at                 INTEGER NOT NULL,
            remembered                 INTEGER NOT NULL,
            user_agent                 TEXT    NULL,
            ip_address                 TEXT    NULL,
            ended_at                   INTEGER NULL,
            ended_seq                  INTEGER NULL,
            remember_token_id          TEXT    NULL,
            previous_remember_token_id TEXT    NULL,
            remember_rotated_at        INTEGER NULL
        );
        CREATE INDEX IF NOT EXISTS login_families_user ON login_families (user_id, created_at);
        CREATE UNIQUE INDEX IF NOT EXISTS login_families_ended_seq ON login_families (ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS login_families_expires ON login_families (expires_at);
        CREATE TABLE IF NOT EXISTS login_counters (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO login_counters (name, value) VALUES ('ended', 0);
        """,
        // Version 2: one application per row (issue 21, item 3). The rows already there belong to the app that migrates
        // first, as do rows an older version of the code writes afterwards (the column's default).
        context => $"""
        ALTER TABLE login_families ADD COLUMN app TEXT NOT NULL DEFAULT {LoginApplication.SqlLiteral(context.Application)};
        DROP INDEX IF EXISTS login_families_user;
        DROP INDEX IF EXISTS login_families_expires;
        CREATE INDEX IF NOT EXISTS login_families_app_user ON login_families (app, user_id, created_at);
        CREATE INDEX IF NOT EXISTS login_families_app_ended_seq ON login_families (app, ended_seq) WHERE ended_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS login_families_app_expires ON login_families (app, expires_at);
        """,
        // Version 3: each login's user type (issue 18), so the same id in two user types is two users. Rows written before
        // have none (NULL): every start gives them the app's only user type's key, if it has one (see Apply). Listing and
        // ending all of a user go by (app, user type, id), so that index replaces (app, id).
        _ => """
        ALTER TABLE login_families ADD COLUMN user_type TEXT NULL;
        DROP INDEX IF EXISTS login_families_app_user;
        CREATE INDEX IF NOT EXISTS login_families_app_user_type ON login_families (app, user_type, user_id, created_at);
        """,
    ];

    /// <summary>
    /// What a migration may depend on: the app that applies it, and the user type key its logins recorded without one
    /// belong to (<see cref="LoginApplication.LegacyUserType"/>: its only user type's; <see langword="null"/> with several).
    /// </summary>
    public readonly record struct SchemaContext(string Application, string? LegacyUserType = null);

    /// <summary>
    /// Brings the file to <see cref="Version"/>, then gives the app's rows without a user type
    /// <see cref="SchemaContext.LegacyUserType"/>; returns the version it found and how many rows it typed.
    /// </summary>
    public static (int Found, int Typed) Apply(SqliteConnection connection, DateTimeOffset now, string application, string? legacyUserType = null) =>
        Apply(connection, now, new SchemaContext(application, legacyUserType), Version);

    /// <summary>Brings the file to <paramref name="target"/> (a test builds an older schema with it).</summary>
    internal static (int Found, int Typed) Apply(SqliteConnection connection, DateTimeOffset now, SchemaContext context, int target)
    {
        // WAL: readers (the hot path's catch-up, session listings) never wait for a writer. Set outside a transaction;
        // it is stored in the file, so every later connection gets it.
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteScalar();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = VersionTable;
            create.ExecuteNonQuery();
        }

        int found;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM login_schema_version;";
            found = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var version = found + 1; version <= target; version++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[version - 1](context) +
                "\nINSERT INTO login_schema_version (version, applied_at) VALUES ($version, $now);";
            migrate.Parameters.AddWithValue("$version", version);
            migrate.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            migrate.ExecuteNonQuery();
        }

        var typed = 0;
        if (target >= 3 && context.LegacyUserType is { } legacy)
        {
            // On every start, not only at the migration: rows an instance of the previous version writes during an upgrade
            // (it knows no user types) get the type too. The index on (app, user_type, ...) finds the NULL rows directly,
            // so once they are typed this costs one index probe per start; the first start after the upgrade updates
            // each old row once, in this transaction.
            using var backfill = connection.CreateCommand();
            backfill.Transaction = transaction;
            backfill.CommandText = "UPDATE login_families SET user_type = $type WHERE app = $app AND user_type IS NULL;";
            backfill.Parameters.AddWithValue("$type", legacy);
            backfill.Parameters.AddWithValue("$app", context.Application);
            typed = backfill.ExecuteNonQuery();
        }

        transaction.Commit();
        return (found, typed);
    }
}
