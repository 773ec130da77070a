using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// Issue 21, item 9: a SQLite file write-locked from outside used to hold a thread-pool thread for 30 s per request that
/// needed the store, and stalled unrelated guarded requests for 19.5 s. Now a request waits at most the store's timeout
/// (2 s by default) and gets 503, and requests that need no store are served while the lock is held.
/// </summary>
public sealed class SqliteLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-lock-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task While_another_process_holds_the_write_lock_logins_get_503_and_a_logged_in_request_is_served()
    {
        var file = Path.Combine(_folder, "login.db");
        await using var app = await StoreApp.StartAsync(b => b.AddSqliteStore($"Data Source={file}"), Path.Combine(_folder, "keys"));
        var member = app.NewBrowser();
        await member.GetAsync("/login/1");

        await using var locker = new SqliteConnection($"Data Source={file};Pooling=false");
        await locker.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN EXCLUSIVE;", locker))
        {
            await begin.ExecuteNonQueryAsync();
        }

        // Many logins at once, each of which needs the locked file: before, each held a thread for 30 s.
        var logins = Enumerable.Range(2, 24).Select(id => app.NewBrowser().GetAsync($"/login/{id}")).ToList();
        var served = await member.GetAsync("/secret");
        var answered = await Task.WhenAll(logins).WaitAsync(TimeSpan.FromSeconds(25)); // all before the lock is released
        await using (var release = new SqliteCommand("ROLLBACK;", locker))
        {
            await release.ExecuteNonQueryAsync();
        }

        Assert.Equal((HttpStatusCode.OK, "secret of 1"), served);
        Assert.All(answered, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.Equal(HttpStatusCode.OK, (await app.NewBrowser().GetAsync("/login/2")).Status); // and by itself once it is free
    }
}
