using Microsoft.Extensions.Configuration;
using Login.Sessions.Store;
using Login.Sqlite;
using Login.Stores.Tests.Apps;
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
        Id = LoginFamily.NewId(), UserId = userId, UserType = "Member", CreatedAt = createdAt, LastSeenAt = createdAt, ExpiresAt = createdAt + lifetime,
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
                new LoginSession(newer.Id, "alice", Ms(newer.CreatedAt), Ms(newer.LastSeenAt), Ms(newer.ExpiresAt), true, "agent", "198.51.100.1", IsCurrent: false)
                {
                    UserType = "Member",
                },
                new LoginSession(older.Id, "alice", Ms(older.CreatedAt), Ms(older.LastSeenAt), Ms(older.ExpiresAt), true, "agent", "198.51.100.1", IsCurrent: false)
                {
                    UserType = "Member",
                },
            ],
            listed);
        Assert.True(await sessions.EndAsync(older.Id));
        Assert.False(await sessions.EndAsync(older.Id));
        Assert.Equal(1, await sessions.EndAllAsync("alice"));
        Assert.Empty(await sessions.ListAsync("alice"));
        Assert.Single(await sessions.ListAsync("bob"));
    }

    [Fact]
    public async Task In_an_app_with_one_user_type_the_id_the_type_and_the_user_name_the_same_logins()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section
        services.AddLogin().AddSqliteStore(ConnectionString);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ILoginSessionStore>();
        var sessions = provider.GetRequiredService<ILoginSessions>();
        var now = DateTimeOffset.UtcNow;
        var families = new List<LoginFamily>();
        for (var i = 0; i < 4; i++)
        {
            families.Add(Family("7", now.AddMinutes(i - 10), TimeSpan.FromDays(1)));
            await store.CreateAsync(families[^1], default);
        }

        var byId = await sessions.ListAsync("7");
        Assert.Equal(families.Select(f => f.Id).Reverse(), byId.Select(s => s.Id));
        Assert.All(byId, s => Assert.Equal("Member", s.UserType));
        Assert.Equal(byId, await sessions.ListAsync<Member>("7"));
        Assert.Equal(byId, await sessions.ListAsync(new Member { Id = 7 }));

        Assert.True(await sessions.EndAsync(families[0].Id));
        Assert.Equal(3, await sessions.EndAllAsync(new Member { Id = 7 }));
        Assert.Empty(await sessions.ListAsync<Member>("7"));
        await store.CreateAsync(Family("7", now, TimeSpan.FromDays(1)), default);
        Assert.Equal(1, await sessions.EndAllAsync<Member>("7"));
        await store.CreateAsync(Family("7", now, TimeSpan.FromDays(1)), default);
        Assert.Equal(1, await sessions.EndAllAsync("7"));
    }

    [Fact]
    public async Task A_type_that_is_no_user_type_of_the_app_is_refused_by_name()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // AddLogin binds the "Login" section
        services.AddLogin();
        await using var provider = services.BuildServiceProvider();
        var sessions = provider.GetRequiredService<ILoginSessions>();

        var list = await Assert.ThrowsAsync<ArgumentException>(() => sessions.ListAsync<Stranger>("7"));
        var endAll = await Assert.ThrowsAsync<ArgumentException>(() => sessions.EndAllAsync<Stranger>("7"));
        var byUser = await Assert.ThrowsAsync<ArgumentException>(() => sessions.ListAsync(new Stranger()));
        var noId = await Assert.ThrowsAsync<ArgumentException>(() => sessions.EndAllAsync(AnonymousUser.Instance));

        Assert.All([list, endAll, byUser], e => Assert.Contains(typeof(Stranger).FullName!, e.Message, StringComparison.Ordinal));
        Assert.All([list, endAll, byUser], e => Assert.Contains("Member \"Member\"", e.Message, StringComparison.Ordinal));
        Assert.Contains("no id", noId.Message, StringComparison.Ordinal);
    }

    /// <summary>A class that is a user to the compiler (it implements <see cref="IUser"/>) but no [LoginUser] type of the app.</summary>
    private sealed class Stranger : IUser
    {
        public bool IsAuthenticated => true;

        public bool IsActive => true;

        public bool IsAnonymous => false;

        public string? GetId() => "7";
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
