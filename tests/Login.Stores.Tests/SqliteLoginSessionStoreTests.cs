using Login.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>The contract on the SQLite store, each test on a new file in a temporary folder.</summary>
public sealed class SqliteLoginSessionStoreTests : PersistentLoginSessionStoreContract
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("login-sqlite-");

    protected override Task<string> NewStorageAsync() =>
        Task.FromResult($"Data Source={Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.db")}");

    protected override (ILoginSessionStore Store, IAsyncDisposable? Owner) OpenStore(string storage) =>
        (new SqliteLoginSessionStore(storage) { PollInterval = TimeSpan.FromMilliseconds(100) }, null);

    protected override Task<IReadOnlyList<int>> SchemaVersionsAsync(string storage) =>
        Task.FromResult<IReadOnlyList<int>>(Query(storage, "SELECT version FROM login_schema_version ORDER BY version;")
            .Select(v => Convert.ToInt32(v)).ToList());

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
        await using var watch = await NoticeReader.StartAsync(other, TimeSpan.FromSeconds(5));

        await Store.EndAsync(family.Id, T0.AddMinutes(1), default);

        Assert.Equal([family.Id], await watch.EndedAsync(1));
    }

    [Fact]
    public async Task An_ending_in_this_process_is_reported_once_although_the_poll_sees_it_too()
    {
        var family = await CreatedAsync("alice", T0);
        var last = await CreatedAsync("alice", T0);
        await using var watch = await NoticeReader.StartAsync(Store, TimeSpan.FromSeconds(5));

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
}
