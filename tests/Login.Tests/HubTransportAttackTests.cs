using System.Diagnostics;
using System.Net;
using System.Text;
using Login.Tests.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Login.Tests;

/// <summary>
/// The attacker's tests for the transports that are not one socket: long polling and server-sent events carry a
/// connection over many requests, each naming it by its token (<c>?id=</c>), each with whatever cookies it comes with.
/// A held connection ends with its login; a request to it with another login's cookies (another user, the same user's
/// other login, none at all) is refused and ends the connection, so it continues neither as the newcomer nor as its owner.
/// </summary>
public class HubTransportAttackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20); // a bound for a loaded machine; the goal is 1 s
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task A_server_sent_events_connection_held_open_is_closed_when_another_tab_logs_out()
    {
        await using var app = await HubApp.StartAsync();
        var tab = await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.LoggedIn);
        await using var connection = HubApp.Connect(app, tab, "/hubs/open", HttpTransportType.ServerSentEvents);
        await connection.StartAsync();
        Assert.Equal("1", await connection.InvokeAsync<string>("NeedsLogin"));
        var closed = connection.WhenClosed();

        var since = Stopwatch.StartNew();
        await CopyOf(app, tab).GetAsync("/logout");

        var took = await closed.ClosedWithinAsync(Within, since);
        Assert.True(took is not null, $"the server-sent events connection was still open {Within} after the logout");
        output.WriteLine($"closed {took!.Value.TotalMilliseconds:F0} ms after the logout (server-sent events)");
    }

    [Fact]
    public async Task Reconnecting_over_server_sent_events_with_the_old_cookies_after_a_logout_gets_no_login()
    {
        await using var app = await HubApp.StartAsync();
        var browser = await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.LoggedIn);
        var stolen = CopyOf(app, browser);
        await browser.GetAsync("/logout");

        await using var onGuarded = HubApp.Connect(app, stolen, "/hubs/login", HttpTransportType.ServerSentEvents);
        await Assert.ThrowsAnyAsync<Exception>(() => onGuarded.StartAsync());
        await using var onOpen = HubApp.Connect(app, stolen, "/hubs/open", HttpTransportType.ServerSentEvents);
        await onOpen.StartAsync();
        Assert.Equal("anonymous", await onOpen.InvokeAsync<string>("Anyone"));
        var refused = await Assert.ThrowsAsync<HubException>(() => onOpen.InvokeAsync<string>("NeedsLogin"));
        Assert.EndsWith("This method requires a login.", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Services.GetRequiredService<HubProbe>().Ran, ran => ran.EndsWith(" as 1", StringComparison.Ordinal));
    }

    public enum Attacker { OtherUser, SameUserOtherLogin, Anonymous }

    public enum Attack { Poll, Send, WebSocket }

    public static TheoryData<Attacker, Attack> LongPollingAttacks()
    {
        var data = new TheoryData<Attacker, Attack>();
        foreach (var attacker in Enum.GetValues<Attacker>())
        {
            foreach (var attack in Enum.GetValues<Attack>())
            {
                data.Add(attacker, attack);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LongPollingAttacks))]
    public async Task A_long_polling_connections_token_used_with_another_logins_cookies_is_refused_and_the_connection_ends(Attacker attacker, Attack attack)
    {
        await using var app = await HubApp.StartAsync();
        var probe = app.Services.GetRequiredService<HubProbe>();
        var owner = await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.LoggedIn);
        var thief = await AttackerAsync(app, attacker);
        using var client = app.NewHttpClient();
        client.Timeout = TimeSpan.FromSeconds(30); // a poll that never answers fails the test instead of hanging it

        // The owner's long-polling connection, as the SignalR client opens it: negotiate, first poll, handshake.
        var token = await NegotiateAsync(client, owner);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, owner, HttpMethod.Get, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, owner, HttpMethod.Post, token, Handshake)).Status);
        Assert.Equal("{}" + RecordSeparator, (await SendAsync(client, owner, HttpMethod.Get, token)).Body);
        await WaitForAsync(() => probe.Ran.Contains("OpenHub.OnConnectedAsync as 1"));

        // The attacker has the token (from a log, a proxy, the page) and comes with its own cookies.
        var answer = attack switch
        {
            Attack.Poll => (await SendAsync(client, thief, HttpMethod.Get, token)).Status,
            Attack.Send => (await SendAsync(client, thief, HttpMethod.Post, token, Invocation("NeedsLogin"))).Status,
            _ => await WebSocketStatusAsync(app, thief, token),
        };

        Assert.Equal(HttpStatusCode.Forbidden, answer);
        // Nor as its owner: the owner's next poll brings SignalR's close message, and the one after says the connection is
        // over (204) or gone (404).
        var ownerPoll = await SendAsync(client, owner, HttpMethod.Get, token);
        if (ownerPoll.Status == HttpStatusCode.OK)
        {
            Assert.Equal("{\"type\":7}" + RecordSeparator, ownerPoll.Body); // a Close message, and nothing else
            ownerPoll = await SendAsync(client, owner, HttpMethod.Get, token);
        }

        Assert.Contains(ownerPoll.Status, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound });
        var ownerSend = await SendAsync(client, owner, HttpMethod.Post, token, Invocation("NeedsLogin"));
        Assert.NotEqual(HttpStatusCode.OK, ownerSend.Status);
        Assert.Equal(["OpenHub.OnConnectedAsync as 1"], probe.Ran); // no method ran, for anyone
    }

    [Theory]
    [InlineData(Attacker.OtherUser)]
    [InlineData(Attacker.SameUserOtherLogin)]
    [InlineData(Attacker.Anonymous)]
    public async Task A_server_sent_events_connections_token_used_with_another_logins_cookies_is_refused_and_the_stream_ends(Attacker attacker)
    {
        await using var app = await HubApp.StartAsync();
        var probe = app.Services.GetRequiredService<HubProbe>();
        var owner = await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.LoggedIn);
        var thief = await AttackerAsync(app, attacker);
        using var client = app.NewHttpClient();
        client.Timeout = Timeout.InfiniteTimeSpan; // the event stream stays open; the reads below have their own bound

        var token = await NegotiateAsync(client, owner);
        using var events = Request(owner, HttpMethod.Get, token);
        events.Headers.Accept.ParseAdd("text/event-stream");
        using var stream = await client.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, owner, HttpMethod.Post, token, Handshake)).Status);
        Assert.Equal("data: {}" + RecordSeparator, await ReadEventAsync(reader));
        await WaitForAsync(() => probe.Ran.Contains("OpenHub.OnConnectedAsync as 1"));

        var answer = await SendAsync(client, thief, HttpMethod.Post, token, Invocation("NeedsLogin"));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        // The owner's stream ends (no more events, ever): the connection continues for nobody.
        var rest = await reader.ReadToEndAsync().WaitAsync(Within);
        Assert.DoesNotContain("\"type\":3", rest, StringComparison.Ordinal); // no completion of any invocation
        Assert.NotEqual(HttpStatusCode.OK, (await SendAsync(client, owner, HttpMethod.Post, token, Invocation("NeedsLogin"))).Status);
        Assert.Equal(["OpenHub.OnConnectedAsync as 1"], probe.Ran);
    }

    private static readonly string Handshake = "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator;

    private static string Invocation(string method) =>
        "{\"type\":1,\"invocationId\":\"1\",\"target\":\"" + method + "\",\"arguments\":[]}" + RecordSeparator;

    private static async Task<TestBrowser> AttackerAsync(TestApp app, Attacker attacker) => attacker switch
    {
        Attacker.OtherUser => await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.OtherUser),
        Attacker.SameUserOtherLogin => await HubGuardTests.BrowserAsync(app, HubGuardTests.Who.LoggedIn), // user 1, another login
        _ => app.NewBrowser(),
    };

    private static async Task<string> NegotiateAsync(HttpClient client, TestBrowser browser)
    {
        using var request = Request(browser, HttpMethod.Post, token: null, path: "/hubs/open/negotiate?negotiateVersion=1");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("connectionToken").GetString()!;
    }

    private static HttpRequestMessage Request(TestBrowser browser, HttpMethod method, string? token, string? path = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, path ?? "/hubs/open?id=" + Uri.EscapeDataString(token!));
        if (browser.Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }

        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, TestBrowser browser, HttpMethod method, string token, string? body = null)
    {
        using var request = Request(browser, method, token, body: body);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> WebSocketStatusAsync(TestApp app, TestBrowser browser, string token)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Cookie = string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}"));
        try
        {
            using var socket = await client.ConnectAsync(new Uri("ws://localhost/hubs/open?id=" + Uri.EscapeDataString(token)), CancellationToken.None);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("status code: ", StringComparison.Ordinal))
        {
            return (HttpStatusCode)int.Parse(e.Message[^3..], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The next server-sent event's data line.</summary>
    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(Within);
            Assert.NotNull(line);
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Waits for a state the server reaches after answering (the hub's OnConnectedAsync runs after the handshake).</summary>
    private static async Task WaitForAsync(Func<bool> reached)
    {
        var clock = Stopwatch.StartNew();
        while (!reached())
        {
            Assert.True(clock.Elapsed < Within, "the server did not get there in time");
            await Task.Delay(10);
        }
    }

    private static TestBrowser CopyOf(TestApp app, TestBrowser browser)
    {
        var copy = app.NewBrowser();
        foreach (var (name, value) in browser.Cookies)
        {
            copy.Cookies[name] = value;
        }

        return copy;
    }
}
