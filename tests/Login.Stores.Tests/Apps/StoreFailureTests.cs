using System.Net;
using Login.Stores.Tests.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// Store failures that are not a refused connection (issue 21, item 5): a SQLite file that is corrupt or not a database,
/// a PostgreSQL server turned read-only (as after a failover). Logging in, logging out and restoring from the remember
/// cookie answer 503 with Retry-After, never a 500, and a logout that could not be recorded keeps the cookies.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class StoreFailureTests(PostgreSqlCluster cluster) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-failure-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("not a database")] // SQLITE_NOTADB
    [InlineData("corrupt")]        // a real header over garbage: SQLITE_CORRUPT
    public async Task A_broken_SQLite_file_answers_503_to_login_logout_and_restore(string damage)
    {
        var file = Path.Combine(_folder, "login.db");
        await using var app = await StoreApp.StartAsync(b => b.AddSqliteStore($"Data Source={file}"), Path.Combine(_folder, "keys"));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token"));

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(file);
        var garbage = new byte[bytes.Length];
        new Random(7).NextBytes(garbage);
        if (damage == "corrupt")
        {
            bytes.AsSpan(0, 100).CopyTo(garbage); // keep the header: SQLite opens it, then finds the pages broken
        }

        await File.WriteAllBytesAsync(file, garbage);
        await AssertEveryStoreUseAnswers503Async(app, browser);
    }

    [PostgreSqlFact]
    public async Task A_read_only_PostgreSQL_server_answers_503_to_login_logout_and_restore()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var app = await StoreApp.StartAsync(b => b.AddPostgreSqlStore(database));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token"));

        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var readOnly = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET default_transaction_read_only = on;", admin);
            await readOnly.ExecuteNonQueryAsync();
            // Every connection anew, as after a failover to a standby: SQLSTATE 25006 on every write.
            await using var reconnect = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();", admin);
            await reconnect.ExecuteNonQueryAsync();
        }

        await AssertEveryStoreUseAnswers503Async(app, browser);
    }

    private static async Task AssertEveryStoreUseAnswers503Async(StoreApp app, Browser browser)
    {
        var kept = new Dictionary<string, string>(browser.Cookies);

        var login = await app.NewBrowser().GetAsync("/login/2");
        var logout = await browser.GetAsync("/logout");
        var restoring = browser.Copy(names: "remember_token");
        var restore = await restoring.GetAsync("/secret");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, logout.Status);
        Assert.Equal(kept, browser.Cookies); // the logout did not happen: nothing deleted, it can be retried
        Assert.Equal(HttpStatusCode.ServiceUnavailable, restore.Status);
    }
}
