using Login.PostgreSql;
using Npgsql;
using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>The contract on the PostgreSQL store, each test on a new database of the private cluster.</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlLoginSessionStoreTests(PostgreSqlCluster cluster) : PersistentLoginSessionStoreContract
{
    protected override Task<string> NewStorageAsync() => cluster.CreateDatabaseAsync();

    protected override (ILoginSessionStore Store, IAsyncDisposable? Owner) OpenStore(string storage)
    {
        var database = new PostgreSqlLoginDatabase(storage);
        return (new PostgreSqlLoginSessionStore(database), database);
    }

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
}
