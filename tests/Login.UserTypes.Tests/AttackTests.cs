using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Login.UserTypes.Tests;

/// <summary>
/// The attacker is Customer 5, an ordinary shop customer, and wants what Admin 5 (someone else, with the same id in the
/// staff table) can do. Whatever cookie of theirs they present to an Admin-only endpoint, the answer is 403 and the
/// Admin handler never runs: counted, not inferred from the status. And a login of one app is nothing in another.
/// </summary>
public sealed class AttackTests
{
    private const string SessionCookie = ".Login.Session";
    private const string RememberCookie = "remember_token";

    /// <summary>The Admin-only endpoints, every way an endpoint can require an Admin, GET and POST.</summary>
    private static readonly (string Method, string Path)[] AdminOnly =
    [
        ("GET", "/admin"),
        ("GET", "/admin/param"),
        ("GET", "/admin/fresh"),
        ("POST", "/admin/refund"),
        ("POST", "/admin/refund-to/5"),
        ("GET", "/staff/orders"),
        ("POST", "/staff/refund"),
        ("GET", "/staff/fresh/orders"),
    ];

    [Fact]
    public async Task A_customer_session_cookie_gets_403_from_every_admin_endpoint_and_no_admin_handler_runs()
    {
        await using var shop = await AttackedShop.StartAsync();
        var attacker = shop.App.NewBrowser(out _);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/login/customer/5")).StatusCode);

        foreach (var (method, path) in AdminOnly)
        {
            using var response = await attacker.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Null(response.Headers.Location);
        }

        Assert.Equal(0, shop.AdminHandlerCalls);
        Assert.Empty(shop.Refunds);
        // The customer is still logged in, as the customer: a refusal is not a logout.
        Assert.StartsWith("Customer 5 Carol", await (await attacker.GetAsync("/whoami")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_client_with_a_customer_cookie_gets_a_problem_403_that_names_nobody()
    {
        await using var shop = await AttackedShop.StartAsync();
        var attacker = shop.App.NewBrowser(out _);
        await attacker.GetAsync("/login/customer/5");

        foreach (var (method, path) in AdminOnly)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await attacker.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"status\":403", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Carol", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Alice", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, shop.AdminHandlerCalls);
    }

    [Fact]
    public async Task A_customer_remember_cookie_alone_restores_the_customer_and_never_Admin_5()
    {
        await using var shop = await AttackedShop.StartAsync();
        var login = shop.App.NewBrowser(out var loginJar);
        await login.GetAsync("/login/customer/5?remember=true");
        var remember = loginJar.Cookies[RememberCookie];

        foreach (var (method, path) in AdminOnly)
        {
            // A fresh browser each time, with the remember cookie alone: every request restores from it.
            var attacker = shop.App.NewBrowser(out var jar);
            jar.Cookies[RememberCookie] = loginJar.Cookies[RememberCookie];
            using var response = await attacker.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            // The restore happened (and rotated the token): the login is Customer 5's, and stays theirs.
            Assert.True(jar.Cookies.ContainsKey(SessionCookie), $"{method} {path}: no session was restored from the remember cookie");
            loginJar.Cookies[RememberCookie] = jar.Cookies[RememberCookie];
            Assert.StartsWith("Customer 5 Carol", await (await attacker.GetAsync("/whoami")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.NotEqual(remember, loginJar.Cookies[RememberCookie]);
        Assert.Equal(0, shop.AdminHandlerCalls);
        Assert.Empty(shop.Refunds);
    }

    [Fact]
    public async Task Admin_5_passes_every_admin_endpoint_the_attacker_was_refused()
    {
        // The control of the tests above: the same requests with Admin 5's cookie do reach the handlers, so a 403 there
        // is the type check, not an endpoint that refuses everyone.
        await using var shop = await AttackedShop.StartAsync();
        var admin = shop.App.NewBrowser(out _);
        await admin.GetAsync("/login/admin/5");

        foreach (var (method, path) in AdminOnly)
        {
            using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode}");
        }

        Assert.Equal(AdminOnly.Length, shop.AdminHandlerCalls);
        Assert.Equal(["refund by Admin 5", "refund to 5 by Admin 5", "group refund by Admin 5"], shop.Refunds);
    }

    [Fact]
    public async Task An_anonymous_attacker_goes_to_the_admin_login_page_and_no_handler_runs()
    {
        await using var shop = await AttackedShop.StartAsync();
        var anonymous = shop.App.NewBrowser(out _);

        foreach (var (method, path) in AdminOnly)
        {
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            Assert.True(response.StatusCode == HttpStatusCode.Found, $"{method} {path}: {(int)response.StatusCode}");
            Assert.StartsWith("/admin/login?next=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(0, shop.AdminHandlerCalls);
    }

    [Fact]
    public async Task Cookies_of_another_app_are_nobody_here()
    {
        // Two apps with their own keys (two shops, or a staging and a production one): Admin 5 of one is nobody in the
        // other, neither by session cookie nor by remember cookie, and certainly not Customer 5.
        await using var staging = await AttackedShop.StartAsync();
        await using var production = await AttackedShop.StartAsync();
        var stagingAdmin = staging.App.NewBrowser(out var stagingJar);
        await stagingAdmin.GetAsync("/login/admin/5?remember=true");
        Assert.True(stagingJar.Cookies.ContainsKey(SessionCookie) && stagingJar.Cookies.ContainsKey(RememberCookie));

        foreach (var cookies in new[] { new[] { SessionCookie, RememberCookie }, [SessionCookie], [RememberCookie] })
        {
            var attacker = production.App.NewBrowser(out var jar);
            foreach (var name in cookies)
            {
                jar.Cookies[name] = stagingJar.Cookies[name];
            }

            Assert.Equal("anonymous", await (await attacker.GetAsync("/whoami")).Content.ReadAsStringAsync());
            Assert.Equal(TwoTypesSite.Expect.Anonymous, await TwoTypesSite.GuardsAsync(attacker, production.Calls));
            using var refund = await attacker.PostAsync("/admin/refund", content: null);
            Assert.Equal(HttpStatusCode.Found, refund.StatusCode);
        }

        Assert.Equal(0, production.AdminHandlerCalls);
        Assert.Empty(production.Refunds);
        // Staging's own login is untouched by what production refused.
        Assert.StartsWith("admin 5 Alice", await (await stagingAdmin.GetAsync("/whoami")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_customer_cannot_connect_to_the_admin_hub_nor_call_an_admin_hub_method(HttpTransportType transport)
    {
        await using var app = await StartHubAppAsync();
        var runs = app.Services.GetRequiredService<AttackHubRuns>();
        var attacker = app.NewBrowser(out var jar);
        await attacker.GetAsync("/login/customer/5");

        await using var staff = Connect(app, jar, "/hubs/staff", transport);
        await Assert.ThrowsAnyAsync<Exception>(() => staff.StartAsync());

        await using var chat = Connect(app, jar, "/hubs/chat", transport);
        await chat.StartAsync();
        Assert.Equal("said hi", await chat.InvokeAsync<string>("Say", "hi"));
        await Assert.ThrowsAsync<HubException>(() => chat.InvokeAsync<string>("Ban", 7));
        Assert.Equal("said again", await chat.InvokeAsync<string>("Say", "again")); // refused, not disconnected

        Assert.Equal(["ChatHub.Say", "ChatHub.Say"], runs.Ran);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Admin_5_connects_to_the_admin_hub_and_calls_its_methods(HttpTransportType transport)
    {
        // The control: the hubs do let an Admin in, so the refusals above are the type check.
        await using var app = await StartHubAppAsync();
        var runs = app.Services.GetRequiredService<AttackHubRuns>();
        var admin = app.NewBrowser(out var jar);
        await admin.GetAsync("/login/admin/5");

        await using var staff = Connect(app, jar, "/hubs/staff", transport);
        await staff.StartAsync();
        Assert.Equal("refunded", await staff.InvokeAsync<string>("Refund", 5));
        await using var chat = Connect(app, jar, "/hubs/chat", transport);
        await chat.StartAsync();
        Assert.Equal("banned", await chat.InvokeAsync<string>("Ban", 7));

        Assert.Equal(["StaffHub.OnConnectedAsync as 5", "StaffHub.Refund(5)", "ChatHub.Ban(7)"], runs.Ran);
    }

    private static Task<UserTypesApp> StartHubAppAsync() => UserTypesApp.StartAsync(
        map: app =>
        {
            TwoTypesSite.Map(app, new HandlerRuns());
            app.MapHub<StaffHub>("/hubs/staff");
            app.MapHub<ChatHub>("/hubs/chat");
        },
        configure: TwoTypesSite.Configure,
        services: s =>
        {
            s.AddSingleton<AttackHubRuns>();
            s.AddSignalR(o => o.EnableDetailedErrors = false); // what the client sees is what a production app sends
        });

    /// <summary>A hub connection that sends the jar's cookies as they are now, over <paramref name="transport"/> only.</summary>
    private static HubConnection Connect(UserTypesApp app, CookieJar jar, string path, HttpTransportType transport)
    {
        var cookies = jar.Header;
        var server = app.Server;
        return new HubConnectionBuilder().WithUrl(new Uri(server.BaseAddress, path), o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            if (cookies is not null)
            {
                o.Headers["Cookie"] = cookies;
            }

            o.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = server.CreateWebSocketClient();
                client.ConfigureRequest = request => request.Headers.Cookie = cookies;
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        }).Build();
    }

    /// <summary>The shop of <see cref="TwoTypesSite"/> with Admin-only endpoints that do damage (refunds), counted.</summary>
    private sealed class AttackedShop : IAsyncDisposable
    {
        private AttackedShop(UserTypesApp app, HandlerRuns calls, List<string> refunds)
        {
            App = app;
            Calls = calls;
            Refunds = refunds;
        }

        public UserTypesApp App { get; }

        public HandlerRuns Calls { get; }

        public List<string> Refunds { get; }

        public int AdminHandlerCalls => Calls["/admin"] + Calls["/admin/param"] + Calls["/admin/fresh"] + Calls["/admin/refund"] + Calls["/admin/refund-to"]
            + Calls["/staff/orders"] + Calls["/staff/refund"] + Calls["/staff/fresh/orders"];

        public static async Task<AttackedShop> StartAsync()
        {
            var calls = new HandlerRuns();
            var refunds = new List<string>();
            var app = await UserTypesApp.StartAsync(
                map: app =>
                {
                    TwoTypesSite.Map(app, calls);
                    app.MapPost("/admin/refund", [LoginRequired<Admin>] async Task<string> (HttpContext http) =>
                    {
                        calls.Hit("/admin/refund");
                        var user = await http.GetCurrentUserAsync();
                        lock (refunds)
                        {
                            refunds.Add($"refund by {user.GetType().Name} {user.GetId()}");
                        }

                        return "refunded";
                    });
                    app.MapPost("/admin/refund-to/{customerId:int}", [LoginRequired] string (int customerId, Admin admin) =>
                    {
                        calls.Hit("/admin/refund-to");
                        lock (refunds)
                        {
                            refunds.Add($"refund to {customerId} by Admin {admin.Id}");
                        }

                        return "refunded";
                    });

                    // A route group of staff pages: the handlers carry no attribute, the group requires an Admin.
                    var staff = app.MapGroup("/staff").RequireLogin<Admin>();
                    staff.MapGet("/orders", () =>
                    {
                        calls.Hit("/staff/orders");
                        return "orders";
                    });
                    staff.MapPost("/refund", async Task<string> (HttpContext http) =>
                    {
                        calls.Hit("/staff/refund");
                        var user = await http.GetCurrentUserAsync();
                        lock (refunds)
                        {
                            refunds.Add($"group refund by {user.GetType().Name} {user.GetId()}");
                        }

                        return "refunded";
                    });
                    app.MapGroup("/staff/fresh").RequireFreshLogin<Admin>().MapGet("/orders", () =>
                    {
                        calls.Hit("/staff/fresh/orders");
                        return "orders";
                    });
                },
                configure: TwoTypesSite.Configure);
            return new AttackedShop(app, calls, refunds);
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
