using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Login.UserTypes.Tests;

/// <summary>
/// Issue 18 on SignalR: <c>[LoginRequired&lt;Admin&gt;]</c> on a hub class refuses a customer's connection (403 on the
/// negotiation where the request guard stands, the hub filter's <see cref="HubException"/> where only it does; the hub
/// never runs), and on a hub method refuses a customer's call with a <see cref="HubException"/> saying it needs another
/// kind of account (the method never runs, the connection stays). An admin's connection still ends with its login.
/// </summary>
public sealed class HubTests
{
    private const string NeedsAnotherAccount = "requires another kind of account than the one logged in";

    [Theory]
    [InlineData(HttpTransportType.LongPolling)]
    [InlineData(HttpTransportType.WebSockets)]
    public async Task A_customer_cannot_connect_to_an_admin_hub(HttpTransportType transport)
    {
        await using var site = await StartAsync();
        var customer = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");
        await using var connection = Connect(site, jar, "/hubs/admin", transport);

        // The request guard answers the negotiation (both transports negotiate first) with 403, not the 401 of anonymous.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.Empty(site.Services.GetRequiredService<HubRuns>().All);
    }

    [Fact]
    public async Task Where_only_the_hub_filter_stands_a_customers_connection_is_closed_saying_why()
    {
        await using var site = await StartAsync();
        var customer = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");
        await using var connection = Connect(site, jar, "/hubs/admin-filter-only", HttpTransportType.LongPolling);
        var closed = connection.WhenClosed();

        try
        {
            await connection.StartAsync();
        }
        catch (Exception)
        {
            // the close may reach the client during StartAsync: either way it does not stay connected
        }

        var error = await closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("This hub " + NeedsAnotherAccount, error?.Message, StringComparison.Ordinal);
        Assert.Empty(site.Services.GetRequiredService<HubRuns>().All);
    }

    [Fact]
    public async Task An_admin_connects_to_the_admin_hub_as_Admin_5_and_its_connection_ends_with_its_login()
    {
        await using var site = await StartAsync();
        var admin = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(admin, "admin", 5, fresh: true, "logged in");
        await using var connection = Connect(site, jar, "/hubs/admin", HttpTransportType.LongPolling);
        var closed = connection.WhenClosed();

        await connection.StartAsync();
        Assert.Equal("Alice (admin 5)", await connection.InvokeAsync<string>("Who"));

        await admin.PostAsync("/guards/logout", null);
        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_customer_calling_an_admin_method_gets_a_HubException_and_the_method_never_runs()
    {
        await using var site = await StartAsync();
        var customer = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");
        await using var connection = Connect(site, jar, "/hubs/shop", HttpTransportType.LongPolling);
        await connection.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>("Refund"));

        Assert.Contains("This method " + NeedsAnotherAccount, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Carol (customer 5)", await connection.InvokeAsync<string>("Anyone")); // the connection stays, as itself
        Assert.Equal(["anyone"], site.Services.GetRequiredService<HubRuns>().All);
    }

    [Fact]
    public async Task An_admin_calls_the_admin_method_and_the_any_type_method_as_Admin_5()
    {
        await using var site = await StartAsync();
        var admin = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(admin, "admin", 5, fresh: true, "logged in");
        await using var connection = Connect(site, jar, "/hubs/shop", HttpTransportType.LongPolling);
        await connection.StartAsync();

        Assert.Equal("Alice (admin 5)", await connection.InvokeAsync<string>("Refund"));
        Assert.Equal("Alice (admin 5)", await connection.InvokeAsync<string>("Anyone"));
    }

    [Fact]
    public async Task With_one_user_type_an_admin_connects_and_calls_as_itself()
    {
        await using var site = await StartAsync(o => o.UserType = typeof(Admin));
        var admin = site.NewBrowser(out var jar);
        await GuardSite.LogInAsync(admin, "admin", 7, fresh: true, "logged in");
        await using var hub = Connect(site, jar, "/hubs/admin", HttpTransportType.LongPolling);
        await using var shop = Connect(site, jar, "/hubs/shop", HttpTransportType.LongPolling);

        await hub.StartAsync();
        await shop.StartAsync();

        Assert.Equal("Arno (admin 7)", await hub.InvokeAsync<string>("Who"));
        Assert.Equal("Arno (admin 7)", await shop.InvokeAsync<string>("Refund"));
    }

    private static Task<UserTypesApp> StartAsync(Action<LoginOptions>? configure = null) => UserTypesApp.StartAsync(
        map: app =>
        {
            GuardSite.MapLogin(app);
            app.MapPost("/guards/logout", async (HttpContext http) =>
            {
                await http.LogoutUserAsync();
                return "logged out";
            });
            app.MapHub<AdminHub>("/hubs/admin");
            app.MapHub<ShopHub>("/hubs/shop");
            // Without MapHub's endpoint metadata no request guard refuses it first: only the hub filter does.
            app.MapConnectionHandler<HubConnectionHandler<AdminHub>>("/hubs/admin-filter-only");
        },
        configure: configure,
        services: services =>
        {
            services.AddSingleton<HubRuns>();
            services.AddSignalR();
        });

    /// <summary>A hub connection that sends <paramref name="jar"/>'s cookies, as the browser holding it.</summary>
    private static HubConnection Connect(UserTypesApp site, CookieJar jar, string path, HttpTransportType transport)
    {
        var server = site.Server;
        return new HubConnectionBuilder().WithUrl("http://localhost" + path, o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => new CookieJarHandler(jar) { InnerHandler = server.CreateHandler() };
            o.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = server.CreateWebSocketClient();
                client.ConfigureRequest = request => request.Headers.Cookie = jar.Header;
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        }).Build();
    }
}

/// <summary>Which hub methods ran, so a test can prove one never did.</summary>
public sealed class HubRuns
{
    private readonly ConcurrentQueue<string> _runs = new();

    public IReadOnlyCollection<string> All => _runs;

    /// <summary>Records <paramref name="name"/>, and says who the connection's request is logged in as.</summary>
    public async Task<string> Ran(string name, HubCallerContext context)
    {
        _runs.Enqueue(name);
        return await context.GetHttpContext()!.GetCurrentUserAsync() switch
        {
            Admin admin => admin.Name,
            Customer customer => customer.Name,
            _ => "anonymous",
        };
    }
}

/// <summary>A hub for admins only, as a whole.</summary>
[LoginRequired<Admin>]
public sealed class AdminHub(HubRuns runs) : Hub
{
    public override Task OnConnectedAsync() => runs.Ran("connected", Context);

    public Task<string> Who() => runs.Ran("who", Context);
}

/// <summary>An open hub whose methods each say what they need.</summary>
public sealed class ShopHub(HubRuns runs) : Hub
{
    [LoginRequired<Admin>]
    public Task<string> Refund() => runs.Ran("refund", Context);

    [LoginRequired]
    public Task<string> Anyone() => runs.Ran("anyone", Context);
}

internal static class HubConnectionClosing
{
    public static Task<Exception?> WhenClosed(this HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
