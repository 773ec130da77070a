using System.Collections.Concurrent;
using Login.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// The login a live connection keeps (what SignalR connections and Blazor circuits are built on): it ends with its
/// login however that ends, within the revalidation interval at worst, and never touches another login.
/// </summary>
public class ConnectionLoginTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20); // a bound for a loaded machine, not a measurement

    /// <summary>Connections opened by "/connect", by the id the endpoint answers with.</summary>
    private sealed class OpenConnections
    {
        private int _next;

        public ConcurrentDictionary<int, ConnectionLogin> All { get; } = new();

        public int Add(ConnectionLogin login)
        {
            var id = Interlocked.Increment(ref _next);
            All[id] = login;
            return id;
        }
    }

    private static Task<TestApp> StartAsync(Action<LoginOptions>? configure = null) => TestApp.StartAsync(
        configure,
        services: s => s.AddSingleton<OpenConnections>(),
        map: app => app.MapGet("/connect", async (HttpContext http, ConnectionLogins logins, OpenConnections open) =>
            open.Add(await logins.OpenAsync(http)).ToString()));

    private static async Task<ConnectionLogin> ConnectAsync(TestApp app, TestBrowser browser)
    {
        var id = int.Parse((await browser.GetAsync("/connect")).Body);
        return app.Services.GetRequiredService<OpenConnections>().All[id];
    }

    [Fact]
    public async Task A_logout_in_another_tab_ends_the_connection_and_no_other()
    {
        await using var app = await StartAsync();
        var tab = app.NewBrowser();
        await tab.GetAsync("/login/1");
        var otherDevice = app.NewBrowser();
        await otherDevice.GetAsync("/login/1");
        var connection = await ConnectAsync(app, tab);
        var otherLogin = await ConnectAsync(app, otherDevice);
        var anonymous = await ConnectAsync(app, app.NewBrowser());
        var secondTab = new TestBrowser(app.NewHttpClient(), app.Clock);
        foreach (var (name, value) in tab.Cookies)
        {
            secondTab.Cookies[name] = value;
        }

        Assert.Equal("1", connection.User.GetId());
        Assert.False(connection.HasEnded);
        await secondTab.GetAsync("/logout");

        await WaitForEndAsync(connection);
        Assert.Equal("the login ended", connection.EndedBecause);
        Assert.False(otherLogin.HasEnded);
        Assert.Null(anonymous.Login);
        Assert.False(anonymous.Ended.CanBeCanceled && anonymous.Ended.IsCancellationRequested);
    }

    [Theory]
    [InlineData("/logout-everywhere")]
    [InlineData("/logout-everywhere?keep=true")]
    public async Task Logging_out_everywhere_ends_the_connections_of_every_other_login(string path)
    {
        await using var app = await StartAsync();
        var (laptop, phone) = (app.NewBrowser(), app.NewBrowser());
        await laptop.GetAsync("/login/1");
        await phone.GetAsync("/login/1");
        var onPhone = await ConnectAsync(app, phone);
        var onLaptop = await ConnectAsync(app, laptop);

        await laptop.GetAsync(path);

        await WaitForEndAsync(onPhone);
        if (path.EndsWith("keep=true", StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // a revalidation has run: still live
            Assert.False(onLaptop.HasEnded);
        }
        else
        {
            await WaitForEndAsync(onLaptop);
        }
    }

    [Fact]
    public async Task A_new_session_stamp_ends_the_connection_at_the_next_revalidation()
    {
        await using var app = await StartAsync(o => o.ConnectionRevalidationInterval = TimeSpan.FromMilliseconds(100));
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var connection = await ConnectAsync(app, browser);

        app.Directory.Users[1].PasswordHash = "hash-2";

        await WaitForEndAsync(connection);
        Assert.Equal("the user's session stamp changed", connection.EndedBecause);
    }

    [Fact]
    public async Task A_deleted_user_ends_the_connection_and_a_revalidation_that_throws_keeps_it()
    {
        await using var app = await StartAsync(o => o.ConnectionRevalidationInterval = null); // revalidated by hand below
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var connection = await ConnectAsync(app, browser);
        var logins = app.Services.GetRequiredService<ConnectionLogins>();

        await logins.RevalidateOnceAsync(CancellationToken.None);
        Assert.False(connection.HasEnded);
        app.Directory.Users.TryRemove(1, out _);
        await logins.RevalidateOnceAsync(CancellationToken.None);

        Assert.True(connection.HasEnded);
        Assert.Equal(0, logins.Count);
    }

    [Fact]
    public async Task A_connection_of_a_login_as_old_as_an_ending_forgotten_at_the_bound_ends_as_its_cookie_is_refused()
    {
        // At its bound the ended set forgets its soonest ending and refuses, instead, every session cookie issued up to
        // that ending's end (fail closed). A connection whose cookie a request would now refuse must not stay open.
        await using var app = await StartAsync(o =>
        {
            o.ConnectionRevalidationInterval = null; // revalidated by hand below
            o.MaxEndedLoginsInMemory = 1_000;
        });
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var connection = await ConnectAsync(app, browser);
        var logins = app.Services.GetRequiredService<ConnectionLogins>();
        var families = app.Services.GetRequiredService<Login.Sessions.LoginService>().Families;

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i <= 1_000; i++)
        {
            families.Ended.Add(Guid.NewGuid(), families.KeepEndingUntil(app.Clock.GetUtcNow()));
        }

        Assert.Equal(1, families.Ended.Forgotten);
        Assert.Equal(System.Net.HttpStatusCode.Found, (await browser.GetAsync("/secret")).Status); // the cookie is refused
        await logins.RevalidateOnceAsync(CancellationToken.None);

        Assert.True(connection.HasEnded);
        Assert.Equal("the login ended", connection.EndedBecause);
    }

    [Fact]
    public async Task The_connection_ends_when_the_last_cookie_of_its_login_expires()
    {
        await using var app = await StartAsync(o => o.ConnectionRevalidationInterval = null);
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true&days=2");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the connection below sends it
        var connection = await ConnectAsync(app, browser);
        var logins = app.Services.GetRequiredService<ConnectionLogins>();
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(31), connection.Login!.ExpiresAt); // the session outlives the 2-day cookie

        app.Clock.Advance(TimeSpan.FromDays(30));
        await logins.RevalidateOnceAsync(CancellationToken.None);
        Assert.False(connection.HasEnded);
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await logins.RevalidateOnceAsync(CancellationToken.None);

        Assert.Equal("its last cookie expired", connection.EndedBecause);
    }

    [Fact]
    public async Task A_connection_opened_with_a_copy_of_an_ended_login_is_anonymous()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var copy = new Dictionary<string, string>(browser.Cookies);
        await browser.GetAsync("/logout");
        var thief = app.NewBrowser();
        foreach (var (name, value) in copy)
        {
            thief.Cookies[name] = value;
        }

        var connection = await ConnectAsync(app, thief);

        Assert.False(connection.User.IsAuthenticated);
        Assert.Null(connection.Login);
    }

    private static async Task WaitForEndAsync(ConnectionLogin connection)
    {
        try
        {
            await Task.Delay(Within, connection.Ended);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(connection.Ended.IsCancellationRequested, $"the connection's login did not end within {Within}");
    }
}
