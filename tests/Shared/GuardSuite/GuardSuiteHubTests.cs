using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace Login.GuardSuite;

/// <summary>
/// The guard suite for hubs: every requirement (none, [LoginRequired], [FreshLoginRequired] on the hub class; the same on
/// each method, and [AllowAnonymous]) × every caller (anonymous, logged in, logged in but not fresh, another user, the
/// cookies of a login that has ended) × every transport (WebSockets, long polling, server-sent events). A refused call gets
/// a HubException naming the requirement and never runs (the server counts what ran); connecting to a hub whose class
/// the caller does not pass is refused, by the request guard (401) or, where there is none, by the hub filter.
/// Runs woven (Login.Tests) and unwoven (Login.RequestDelegateGenerator.Tests).
/// </summary>
public class GuardSuiteHubTests
{
    public enum Who { Anonymous, LoggedIn, NotFresh, OtherUser, EndedLogin }

    public enum HubRequirement { None, Login, FreshLogin }

    private static readonly HttpTransportType[] Transports =
        [HttpTransportType.WebSockets, HttpTransportType.LongPolling, HttpTransportType.ServerSentEvents];

    /// <summary>Each method of the suite's hubs, with what it requires of itself.</summary>
    private static readonly (string Method, HubRequirement Requires, bool AllowsAnonymous)[] Methods =
    [
        ("Anyone", HubRequirement.None, false),
        ("NeedsLogin", HubRequirement.Login, false),
        ("NeedsFreshLogin", HubRequirement.FreshLogin, false),
        ("AllowsAnonymous", HubRequirement.None, true),
    ];

    public static TheoryData<HubRequirement, Who> Matrix()
    {
        var data = new TheoryData<HubRequirement, Who>();
        foreach (var hub in Enum.GetValues<HubRequirement>())
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(hub, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_requirement_on_the_hub_and_on_each_method_is_enforced_for_every_caller_over_every_transport(HubRequirement hub, Who who)
    {
        await using var app = await SuiteHubApp.StartAsync();
        var browser = await BrowserAsync(app, who);
        var (id, authenticated, fresh) = Identity(who);
        var (path, hubName) = hub switch
        {
            HubRequirement.Login => ("/suite-hubs/login", nameof(SuiteLoginHub)),
            HubRequirement.FreshLogin => ("/suite-hubs/fresh", nameof(SuiteFreshHub)),
            _ => ("/suite-hubs/open", nameof(SuiteOpenHub)),
        };

        foreach (var transport in Transports)
        {
            var ranBefore = app.Runs.All.Count;
            await using var connection = browser.Connect(path, transport);
            if (!Passes(hub, authenticated, fresh))
            {
                // The request guard answers the negotiation (and a WebSocket request) before SignalR sees it.
                using var negotiation = await browser.SendAsync(HttpMethod.Post, path + "/negotiate?negotiateVersion=1");
                Assert.Equal((transport, HttpStatusCode.Unauthorized), (transport, negotiation.StatusCode));
                await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
                Assert.Equal((transport, ranBefore), (transport, app.Runs.All.Count)); // not even OnConnectedAsync
                continue;
            }

            await connection.StartAsync();
            List<string> expected = [$"{hubName}.OnConnectedAsync as {id}"];
            foreach (var (method, requires, allowsAnonymous) in Methods)
            {
                var required = allowsAnonymous ? HubRequirement.None : (HubRequirement)Math.Max((int)hub, (int)requires);
                var refusal = Refusal(required, authenticated, fresh);
                var what = $"{hubName}.{method} as {who} over {transport}";
                if (refusal is null)
                {
                    Assert.Equal((what, id), (what, await connection.InvokeAsync<string>(method)));
                    expected.Add($"{hubName}.{method} as {id}");
                }
                else
                {
                    var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>(method));
                    Assert.EndsWith(refusal, refused.Message, StringComparison.Ordinal);
                    Assert.Equal((what, HubConnectionState.Connected), (what, connection.State)); // a refused call leaves it open
                }
            }

            await connection.StopAsync();
            Assert.Equal(expected, app.Runs.All.Skip(ranBefore)); // what ran, in order, as whom: nothing refused ran
        }
    }

    public static TheoryData<HubRequirement, Who> GuardedHubs()
    {
        var data = new TheoryData<HubRequirement, Who>();
        foreach (var hub in new[] { HubRequirement.Login, HubRequirement.FreshLogin })
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(hub, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GuardedHubs))]
    public async Task Where_no_request_guard_stands_the_hub_filter_refuses_connecting_before_the_hub_runs(HubRequirement hub, Who who)
    {
        await using var app = await SuiteHubApp.StartAsync();
        var browser = await BrowserAsync(app, who);
        var (id, authenticated, fresh) = Identity(who);
        var path = hub == HubRequirement.Login ? "/suite-hubs/login-filter-only" : "/suite-hubs/fresh-filter-only";
        var hubName = hub == HubRequirement.Login ? nameof(SuiteLoginHub) : nameof(SuiteFreshHub);

        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.LongPolling })
        {
            var ranBefore = app.Runs.All.Count;
            await using var connection = browser.Connect(path, transport);
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += error =>
            {
                closed.TrySetResult(error);
                return Task.CompletedTask;
            };
            if (Passes(hub, authenticated, fresh))
            {
                await connection.StartAsync();
                Assert.Equal(id, await connection.InvokeAsync<string>("AllowsAnonymous"));
                Assert.Equal([$"{hubName}.OnConnectedAsync as {id}", $"{hubName}.AllowsAnonymous as {id}"], app.Runs.All.Skip(ranBefore));
                continue;
            }

            try
            {
                await connection.StartAsync(); // the handshake succeeds, then SignalR closes with the filter's HubException
            }
            catch (Exception)
            {
                // or the client sees the close during StartAsync: either way it does not stay connected
            }

            var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)); // a bound for a loaded machine
            var refusal = hub == HubRequirement.Login ? "This hub requires a login." : "This hub requires a fresh login.";
            Assert.Contains(refusal, error?.Message, StringComparison.Ordinal);
            Assert.Equal((transport, ranBefore), (transport, app.Runs.All.Count));
        }
    }

    private static bool Passes(HubRequirement requirement, bool authenticated, bool fresh) =>
        Refusal(requirement, authenticated, fresh) is null;

    /// <summary>The message's end, as the hub filter words it, or null when the call passes.</summary>
    private static string? Refusal(HubRequirement requirement, bool authenticated, bool fresh) => requirement switch
    {
        HubRequirement.FreshLogin when !fresh => "This method requires a fresh login.",
        HubRequirement.Login when !authenticated => "This method requires a login.",
        _ => null,
    };

    private static (string Id, bool Authenticated, bool Fresh) Identity(Who who) => who switch
    {
        Who.LoggedIn => ("1", true, true),
        Who.NotFresh => ("1", true, false),
        Who.OtherUser => ("2", true, true),
        _ => ("anonymous", false, false), // anonymous, and the cookies of an ended login: they vouch for nobody
    };

    private static async Task<SuiteHubBrowser> BrowserAsync(SuiteHubApp app, Who who)
    {
        var browser = app.NewBrowser();
        switch (who)
        {
            case Who.LoggedIn:
                Assert.Equal("logged in", await browser.GetStringAsync("/suite/login/1"));
                break;
            case Who.NotFresh:
                Assert.Equal("logged in", await browser.GetStringAsync("/suite/login/1?fresh=false"));
                break;
            case Who.OtherUser:
                Assert.Equal("logged in", await browser.GetStringAsync("/suite/login/2"));
                break;
            case Who.EndedLogin:
                var owner = app.NewBrowser();
                Assert.Equal("logged in", await owner.GetStringAsync("/suite/login/1"));
                var copy = owner.Copy(); // kept by whoever copied them
                Assert.NotEmpty(copy.Cookies);
                Assert.Equal("logged out", await owner.GetStringAsync("/suite/logout"));
                return copy;
        }

        return browser;
    }
}
