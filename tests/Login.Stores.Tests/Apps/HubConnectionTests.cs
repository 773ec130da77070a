using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Login.Stores.Tests.Apps;

/// <summary>
/// A hub connection is closed when its login ends, with a real store: in memory (one instance), and on SQLite with two
/// instances on one database file, where the logout reaches the other instance by its poll. PostgreSQL's LISTEN/NOTIFY
/// path is in <see cref="TwoInstancesTests"/>.
/// </summary>
public sealed class HubConnectionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20); // a bound for a loaded machine; the goal is 1 s

    private readonly string _folder = Directory.CreateTempSubdirectory("login-hubs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task In_memory_a_logout_closes_the_connection(HttpTransportType transport)
    {
        await using var app = await StoreApp.StartAsync(_ => { });
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/21");
        await using var connection = await HubClient.ConnectAsync(browser.Copy(), transport);
        Assert.Equal("hi", await connection.InvokeAsync<string>("Echo", "hi"));
        var closed = connection.WhenClosed();

        var since = Stopwatch.StartNew();
        await browser.GetAsync("/logout");

        await AssertClosedAsync(closed, since, $"in memory, {transport}");
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task On_SQLite_a_logout_on_A_closes_the_connection_held_on_B(HttpTransportType transport)
    {
        var database = $"Data Source={Path.Combine(_folder, "login.db")}";
        var keys = Path.Combine(_folder, "keys");
        await using var a = await StoreApp.StartAsync(b => b.AddSqliteStore(database), keys);
        await using var b = await StoreApp.StartAsync(b => b.AddSqliteStore(database), keys);
        var browser = a.NewBrowser();
        await browser.GetAsync("/login/22");
        await using var onB = await HubClient.ConnectAsync(browser.Copy(b), transport);
        var otherUser = b.NewBrowser();
        await otherUser.GetAsync("/login/23");
        await using var untouched = await HubClient.ConnectAsync(otherUser.Copy(), transport);
        Assert.Equal("hi", await onB.InvokeAsync<string>("Echo", "hi"));
        var closed = onB.WhenClosed();

        var since = Stopwatch.StartNew();
        await browser.GetAsync("/logout");

        await AssertClosedAsync(closed, since, $"SQLite, the other instance, {transport}");
        Assert.Equal("still here", await untouched.InvokeAsync<string>("Echo", "still here"));
    }

    private async Task AssertClosedAsync(Task closed, Stopwatch since, string what)
    {
        var took = await closed.ClosedWithinAsync(since, Within);
        Assert.True(took is not null, $"the hub connection was still open {Within} after the logout ({what})");
        output.WriteLine($"hub connection closed {took!.Value.TotalMilliseconds:F0} ms after the logout ({what})"); // measured, not asserted
    }
}
