using Login.Tests.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// [LoginRequired] and [FreshLoginRequired] on hubs: every requirement (none, on the class, on the method) × anonymous /
/// logged in / stale (not fresh) / another user's login, over WebSockets and long polling. A refused connection never
/// runs the hub's OnConnectedAsync; a refused call gets a HubException naming the requirement and never runs.
/// </summary>
public class HubGuardTests
{
    public enum Who { Anonymous, LoggedIn, Stale, OtherUser }

    private const string NeedsLogin = "This method requires a login.";
    private const string NeedsFresh = "This method requires a fresh login.";

    public static TheoryData<string, Who, HttpTransportType> Matrix()
    {
        var data = new TheoryData<string, Who, HttpTransportType>();
        foreach (var hub in new[] { "open", "login", "fresh" })
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.LongPolling })
                {
                    data.Add(hub, who, transport);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_requirement_is_enforced_on_connecting_and_on_each_call(string hub, Who who, HttpTransportType transport)
    {
        await using var app = await HubApp.StartAsync();
        var browser = await BrowserAsync(app, who);
        var probe = app.Services.GetRequiredService<HubProbe>();
        var id = who switch { Who.Anonymous => "anonymous", Who.OtherUser => "3", _ => "1" };
        var authenticated = who != Who.Anonymous;
        var fresh = who is Who.LoggedIn or Who.OtherUser;

        await using var connection = HubApp.Connect(app, browser, "/hubs/" + hub, transport);
        var mayConnect = hub switch { "login" => authenticated, "fresh" => fresh, _ => true };
        if (!mayConnect)
        {
            // The request guard answers the negotiation (or the WebSocket request) with 401: StartAsync fails.
            await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
            Assert.Empty(probe.Ran);
            return;
        }

        await connection.StartAsync();
        await AssertCallAsync(connection, "AllowsAnonymous", id, refusal: null); // SignalR runs calls after OnConnectedAsync
        var hubName = hub switch { "login" => "LoginHub", "fresh" => "FreshHub", _ => "OpenHub" };
        Assert.Equal($"{hubName}.OnConnectedAsync as {id}", probe.Ran.First());

        // The class's requirement applies to each call too; the method's adds to it; [AllowAnonymous] opens a method.
        var classNeedsFresh = hub == "fresh";
        var classNeedsLogin = hub == "login";
        await AssertCallAsync(connection, "Anyone", id, Refusal(classNeedsLogin, classNeedsFresh, authenticated, fresh));
        await AssertCallAsync(connection, "NeedsLogin", id, Refusal(needsLogin: true, classNeedsFresh, authenticated, fresh));
        await AssertCallAsync(connection, "NeedsFreshLogin", id, Refusal(needsLogin: true, needsFresh: true, authenticated, fresh));
        await AssertCallAsync(connection, "AllowsAnonymous", id, refusal: null);
        Assert.DoesNotContain(probe.Ran, ran => !ran.EndsWith(" as " + id, StringComparison.Ordinal)); // never another user
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Where_no_request_guard_stands_the_hub_filter_refuses_the_connection_before_the_hub_runs(HttpTransportType transport)
    {
        await using var app = await HubApp.StartAsync();
        await using var connection = HubApp.Connect(app, app.NewBrowser(), "/hubs/login-filter-only", transport);
        var closed = connection.WhenClosed();

        // The handshake succeeds, then SignalR closes the connection with the filter's HubException.
        try
        {
            await connection.StartAsync();
        }
        catch (Exception)
        {
            // a client may also see the close during StartAsync: either way it does not stay connected
        }

        var error = await closed.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("This hub requires a login.", error?.Message, StringComparison.Ordinal);
        Assert.Empty(app.Services.GetRequiredService<HubProbe>().Ran);
    }

    [Fact]
    public async Task A_call_while_the_store_cannot_vouch_for_the_login_is_refused_with_a_HubException()
    {
        await using var app = await HubApp.StartAsync();
        var browser = await BrowserAsync(app, Who.LoggedIn);
        await using var connection = HubApp.Connect(app, browser, "/hubs/open", HttpTransportType.WebSockets);
        await connection.StartAsync();
        Assert.Equal("1", await connection.InvokeAsync<string>("NeedsLogin"));

        // This instance last heard from the store ten minutes ago: longer than SessionStoreMaxStaleness.
        app.Services.GetRequiredService<Login.Sessions.LoginService>().Families.Ended.MarkSynced(Environment.TickCount64 - 600_000);

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>("NeedsLogin"));
        Assert.Contains("session store has not answered for too long", refused.Message, StringComparison.Ordinal);
        Assert.Equal("1", await connection.InvokeAsync<string>("Anyone")); // a method that needs no login still runs
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Without_the_hub_filter_a_guarded_method_runs_for_anyone()
    {
        // The control for the matrix: what the filter adds. With LoginDisabled (Flask-Login's LOGIN_DISABLED) nothing is refused.
        await using var app = await HubApp.StartAsync(o => o.LoginDisabled = true);
        await using var connection = HubApp.Connect(app, app.NewBrowser(), "/hubs/open", HttpTransportType.WebSockets);
        await connection.StartAsync();

        Assert.Equal("anonymous", await connection.InvokeAsync<string>("NeedsFreshLogin"));
    }

    internal static async Task<TestBrowser> BrowserAsync(TestApp app, Who who)
    {
        var browser = app.NewBrowser();
        switch (who)
        {
            case Who.LoggedIn:
                await browser.GetAsync("/login/1");
                break;
            case Who.Stale:
                await browser.GetAsync("/login/1?fresh=false");
                break;
            case Who.OtherUser:
                await browser.GetAsync("/login/3");
                break;
        }

        return browser;
    }

    private static string? Refusal(bool needsLogin, bool needsFresh, bool authenticated, bool fresh) =>
        needsFresh && !fresh ? NeedsFresh : needsLogin && !authenticated ? NeedsLogin : null;

    private static async Task AssertCallAsync(HubConnection connection, string method, string id, string? refusal)
    {
        if (refusal is null)
        {
            Assert.Equal(id, await connection.InvokeAsync<string>(method));
        }
        else
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>(method));
            Assert.EndsWith(refusal, refused.Message, StringComparison.Ordinal);
            Assert.Equal(HubConnectionState.Connected, connection.State); // a refused call leaves the connection open
        }
    }
}
