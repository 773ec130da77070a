using Microsoft.Extensions.Configuration;
using Login.Sessions.Store;
using Login.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>
/// The stores as an app gets them: <c>AddLogin().AddSqliteStore(…)</c> and <c>AddSessionStore</c>, the
/// <see cref="ILoginSessions"/> admin API over the store, and the background pruning.
/// </summary>
public sealed class LoginSessionsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("login-sessions-");

    private string ConnectionString => $"Data Source={Path.Combine(_folder.FullName, "login.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static LoginFamily Family(string userId, DateTimeOffset createdAt, TimeSpan lifetime) => new()
    {
        Id = LoginFamily.NewId(), UserId = userId, CreatedAt = createdAt, LastSeenAt = createdAt, ExpiresAt = createdAt + lifetime,
        Remembered = true, UserAgent = "agent", IpAddress = "198.51.100.1", RememberTokenId = LoginFamily.NewId(),
    };

    [Fact]
    public async Task AddSqliteStore_gives_ILoginSessions_over_the_file()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section
        services.AddLogin().AddSqliteStore(ConnectionString);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ILoginSessionStore>();
        var sessions = provider.GetRequiredService<ILoginSessions>();
        var now = DateTimeOffset.UtcNow;
        var older = Family("alice", now.AddHours(-2), TimeSpan.FromDays(1));
        var newer = Family("alice", now.AddHours(-1), TimeSpan.FromDays(1));
        await store.CreateAsync(older, default);
        await store.CreateAsync(newer, default);
        await store.CreateAsync(Family("bob", now, TimeSpan.FromDays(1)), default);

        var listed = await sessions.ListAsync("alice");

        Assert.IsType<SqliteLoginSessionStore>(store);
        Assert.Equal(
            [
                new LoginSession(newer.Id, "alice", Ms(newer.CreatedAt), Ms(newer.LastSeenAt), Ms(newer.ExpiresAt), true, "agent", "198.51.100.1", IsCurrent: false),
                new LoginSession(older.Id, "alice", Ms(older.CreatedAt), Ms(older.LastSeenAt), Ms(older.ExpiresAt), true, "agent", "198.51.100.1", IsCurrent: false),
            ],
            listed);
        Assert.True(await sessions.EndAsync(older.Id));
        Assert.False(await sessions.EndAsync(older.Id));
        Assert.Equal(1, await sessions.EndAllAsync("alice"));
        Assert.Empty(await sessions.ListAsync("alice"));
        Assert.Single(await sessions.ListAsync("bob"));
    }

    [Fact]
    public async Task AddSessionStore_replaces_the_store_added_before()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section
        var memory = new InMemoryLoginSessionStore();
        services.AddLogin().AddSqliteStore(ConnectionString).AddSessionStore(_ => memory);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(memory, provider.GetRequiredService<ILoginSessionStore>());
        Assert.Single(services, d => d.ServiceType == typeof(ILoginSessionStore));
        Assert.Single(provider.GetServices<IHostedService>().OfType<LoginSessionStorePruning>());
    }

    [Fact]
    public async Task The_background_pruning_deletes_expired_families_when_the_app_starts()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section
        services.AddLogin().AddSqliteStore(ConnectionString);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ILoginSessionStore>();
        var now = DateTimeOffset.UtcNow;
        var expired = Family("alice", now.AddDays(-2), TimeSpan.FromDays(1));
        var justExpired = Family("alice", now.AddHours(-1), TimeSpan.FromMinutes(59));   // kept for the margin
        var live = Family("alice", now, TimeSpan.FromDays(1));
        foreach (var family in new[] { expired, justExpired, live })
        {
            await store.CreateAsync(family, default);
        }

        var pruning = provider.GetServices<IHostedService>().OfType<LoginSessionStorePruning>().Single();
        await pruning.StartAsync(default);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await store.FindAsync(expired.Id, default) is not null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await pruning.StopAsync(default);
        }

        Assert.Null(await store.FindAsync(expired.Id, default));
        Assert.NotNull(await store.FindAsync(justExpired.Id, default));
        Assert.NotNull(await store.FindAsync(live.Id, default));
    }

    [Fact]
    public void AddSqliteStore_refuses_an_in_memory_database_at_startup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section

        var ex = Assert.Throws<ArgumentException>(() => services.AddLogin().AddSqliteStore("Data Source=:memory:"));

        Assert.Contains("needs a file", ex.Message);
    }

    private static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
