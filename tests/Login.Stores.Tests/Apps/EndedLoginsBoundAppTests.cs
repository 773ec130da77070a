using System.Net;
using Login.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// Issue 21, item 8, over HTTP: an instance flooded with endings (one client did hundreds of login/logout cycles a
/// second) keeps at most <see cref="LoginOptions.MaxEndedLoginsInMemory"/> of them, and what it forgets fails closed.
/// </summary>
public sealed class EndedLoginsBoundAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("login-ended-bound-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Past_the_bound_a_logged_out_copy_stays_refused_and_a_remembered_login_is_restored_through_the_store()
    {
        const int Max = 1000;
        var logs = new ListLogger();
        await using var app = await StoreApp.StartAsync(b => b.AddSqliteStore($"Data Source={Path.Combine(_folder, "login.db")}"),
            Path.Combine(_folder, "keys"), o => o.MaxEndedLoginsInMemory = Max, logs: logs);
        var remembered = app.NewBrowser();
        await remembered.GetAsync("/login/2?remember=true");
        var plain = app.NewBrowser();
        await plain.GetAsync("/login/3");
        var attacker = app.NewBrowser();
        await attacker.GetAsync("/login/1");
        var copy = attacker.Copy();
        await attacker.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.Found, (await copy.Copy().GetAsync("/secret")).Status);

        // The flood: as many endings again as the bound, recorded in the store and heard of by this instance.
        var store = app.Services.GetRequiredService<ILoginSessionStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Max; i++)
        {
            var family = new LoginFamily
            {
                Id = LoginFamily.NewId(), UserId = $"flood{i % 10}", UserType = "Member", CreatedAt = now, LastSeenAt = now, ExpiresAt = now.AddDays(31),
            };
            await store.CreateAsync(family, default);
            await store.EndAsync(family.Id, DateTimeOffset.UtcNow, default);
        }

        var ended = app.Services.GetRequiredService<LoginService>().Families.Ended;
        for (var i = 0; i < 600 && ended.Forgotten == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(ended.Forgotten > 0, "nothing was forgotten");
        Assert.InRange(ended.Count, 1, Max);
        // The logged-out copy stays refused, whether its own ending was kept or forgotten.
        Assert.Equal(HttpStatusCode.Found, (await copy.Copy().GetAsync("/secret")).Status);
        // A live login's session cookie as old as the forgotten endings is refused too (fail closed); with its remember
        // cookie, the store vouches for it and the login goes on with a new session cookie.
        Assert.Equal(HttpStatusCode.Found, (await remembered.Copy(names: ".Login.Session").GetAsync("/secret")).Status);
        Assert.Equal((HttpStatusCode.OK, "secret of 2"), await remembered.GetAsync("/secret"));
        Assert.Equal(HttpStatusCode.Found, (await plain.GetAsync("/secret")).Status);
        for (var i = 0; i < 600 && !logs.Entries.Any(e => e.Id == 66); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(logs.Entries, e => e.Id == 66 && e.Message.Contains("MaxEndedLoginsInMemory", StringComparison.Ordinal));
    }
}
