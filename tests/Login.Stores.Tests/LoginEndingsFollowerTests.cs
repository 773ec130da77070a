using Login.Sessions.Store;
using Login.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>How an instance keeps its copy of ended families current from a store, and knows when it is not.</summary>
public sealed class LoginEndingsFollowerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("login-follower-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    internal static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    internal static async Task<LoginFamily> CreatedAsync(ILoginSessionStore store, string userId)
    {
        var family = new LoginFamily
        {
            Id = LoginFamily.NewId(), UserId = userId, CreatedAt = T0, LastSeenAt = T0, ExpiresAt = T0.AddDays(1),
            RememberTokenId = LoginFamily.NewId(), Remembered = true,
        };
        await store.CreateAsync(family, default);
        return family;
    }

    [Fact]
    public async Task The_copy_knows_endings_from_before_it_started_and_hears_new_ones()
    {
        var store = new InMemoryLoginSessionStore();
        var before = await CreatedAsync(store, "alice");
        var after = await CreatedAsync(store, "alice");
        var live = await CreatedAsync(store, "bob");
        await store.EndAsync(before.Id, T0, default);
        var ended = new EndedLoginFamilies(TimeProvider.System);
        using var follower = new LoginEndingsFollower(store, ended, TimeProvider.System, NullLogger<LoginEndingsFollower>.Instance);

        Assert.Equal(DateTimeOffset.MinValue, ended.StaleSince);
        await follower.StartAsync(default);
        await UntilAsync(() => ended.StaleSince is null, "the first catch-up");

        Assert.True(ended.IsEnded(before.Id));
        Assert.False(ended.IsEnded(after.Id));
        await store.EndAsync(after.Id, T0, default);
        await UntilAsync(() => ended.IsEnded(after.Id), "the notice arrives", TimeSpan.FromSeconds(1));
        Assert.False(ended.IsEnded(live.Id));
        await follower.StopAsync(default);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_at_start_keeps_the_copy_stale_until_it_can()
    {
        var folder = Path.Combine(_folder.FullName, "not-yet");
        var store = new SqliteLoginSessionStore($"Data Source={Path.Combine(folder, "login.db")}") { PollInterval = TimeSpan.FromMilliseconds(50) };
        var ended = new EndedLoginFamilies(TimeProvider.System);
        using var follower = new LoginEndingsFollower(store, ended, TimeProvider.System, NullLogger<LoginEndingsFollower>.Instance)
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
        };

        await follower.StartAsync(default);
        await Task.Delay(300);
        Assert.Equal(DateTimeOffset.MinValue, ended.StaleSince);

        Directory.CreateDirectory(folder);
        var family = await CreatedAsync(store, "alice");
        await store.EndAsync(family.Id, T0, default);

        // The first catch-up may finish just before the ending commits; the ending then comes as a notice.
        await UntilAsync(() => ended.StaleSince is null && ended.IsEnded(family.Id), "the store can be read and the ending is known");
        await follower.StopAsync(default);
    }
}
