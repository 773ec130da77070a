using Npgsql;

namespace Login.Stores.Benchmarks;

/// <summary>
/// A database of its own for one measurement, on the cluster the script started, and what PostgreSQL can say about
/// the statements sent to it (pg_stat_statements, when the server loaded it: benchmarks/postgres.sh does).
/// </summary>
internal sealed class BenchmarkDatabase
{
    private BenchmarkDatabase(string connectionString, bool statements)
    {
        ConnectionString = connectionString;
        HasStatementStatistics = statements;
    }

    /// <summary>What the app instances get: an Npgsql connection string to this database.</summary>
    public string ConnectionString { get; }

    public bool HasStatementStatistics { get; }

    /// <summary>Drops and creates database <paramref name="name"/> through the superuser connection <paramref name="adminConnectionString"/>.</summary>
    public static async Task<BenchmarkDatabase> CreateAsync(string adminConnectionString, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
            await ExecuteAsync(connection, $"CREATE DATABASE {name};");
        }

        var database = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        var statements = true;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            try
            {
                await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;");
                await ExecuteAsync(connection, "SELECT count(*) FROM pg_stat_statements;");
            }
            catch (PostgresException)
            {
                // Not loaded by this server (shared_preload_libraries): the run goes on without statement counts.
                statements = false;
            }
        }

        return new BenchmarkDatabase(database, statements);
    }

    /// <summary>Drops the database, so a run of several millions of rows does not keep them all on disk.</summary>
    public static async Task DropAsync(string adminConnectionString, BenchmarkDatabase database)
    {
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        // The instances' pools hold connections to it; they are done with them.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    }

    public async Task ResetStatementsAsync()
    {
        if (HasStatementStatistics)
        {
            await using var connection = await OpenAsync();
            await ExecuteAsync(connection, "SELECT pg_stat_statements_reset();");
        }
    }

    /// <summary>Every statement sent to this database since the last reset, most called first, as (calls, text).</summary>
    public async Task<IReadOnlyList<(long Calls, string Query)>> ReadStatementsAsync()
    {
        var statements = new List<(long, string)>();
        if (!HasStatementStatistics)
        {
            return statements;
        }

        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand("""
            SELECT s.calls, s.query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'
            ORDER BY s.calls DESC, s.query;
            """, connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statements.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return statements;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
