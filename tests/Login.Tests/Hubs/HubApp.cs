using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests.Hubs;

/// <summary>The test app with SignalR and the test hubs, and SignalR clients that send a <see cref="TestBrowser"/>'s cookies.</summary>
public static class HubApp
{
    public static Task<TestApp> StartAsync(Action<LoginOptions>? configure = null, bool statefulReconnect = false) => TestApp.StartAsync(
        configure,
        services: s =>
        {
            s.AddSingleton<HubProbe>();
            s.AddSignalR(o => o.EnableDetailedErrors = false); // what the client sees is what a production app sends
            // Until AddLogin() makes Login the default scheme itself (issue 17 item 1), Context.User needs this line.
            s.AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin();
        },
        map: app =>
        {
            app.Services.GetRequiredService<UserDirectory>().Users[3] = new TestUser { Id = 3 }; // another active user
            Action<HttpConnectionDispatcherOptions> options = o => o.AllowStatefulReconnects = statefulReconnect;
            app.MapHub<OpenHub>("/hubs/open", options);
            app.MapHub<LoginHub>("/hubs/login", options);
            app.MapHub<FreshHub>("/hubs/fresh", options);
            // Mapped without MapHub's endpoint metadata, so no request guard refuses it first: only the hub filter does.
            app.MapConnectionHandler<HubConnectionHandler<LoginHub>>("/hubs/login-filter-only");
        });

    /// <summary>A hub connection that sends the browser's cookies as they are now (a copy: later changes are not sent).</summary>
    public static HubConnection Connect(TestApp app, TestBrowser browser, string path, HttpTransportType transport, bool statefulReconnect = false) =>
        Connect(app, new Cookies(browser), path, transport, statefulReconnect);

    /// <summary>A hub connection whose every request sends <paramref name="cookies"/> as they are at that moment.</summary>
    public static HubConnection Connect(TestApp app, Cookies cookies, string path, HttpTransportType transport, bool statefulReconnect = false)
    {
        var server = app.Server;
        var builder = new HubConnectionBuilder().WithUrl("http://localhost" + path, o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => new CookieHandler(cookies) { InnerHandler = server.CreateHandler() };
            o.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = server.CreateWebSocketClient();
                client.ConfigureRequest = request => request.Headers.Cookie = cookies.Header;
                var socket = new DroppableWebSocket(await client.ConnectAsync(context.Uri, cancellationToken));
                cookies.Sockets.Add(socket);
                return socket;
            };
        });
        if (statefulReconnect)
        {
            builder.WithStatefulReconnect();
        }

        return builder.Build();
    }

    /// <summary>Waits for the connection to close; the time it took, or <c>null</c> if it did not within <paramref name="bound"/>.</summary>
    public static async Task<TimeSpan?> ClosedWithinAsync(this Task closed, TimeSpan bound, Stopwatch since)
    {
        var first = await Task.WhenAny(closed, Task.Delay(bound));
        return first == closed ? since.Elapsed : null;
    }

    /// <summary>A task that completes (with the error the client was given, if any) when the connection closes.</summary>
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

    /// <summary>The cookies a client sends, changeable between its requests as a browser's are.</summary>
    public sealed class Cookies(TestBrowser browser)
    {
        private volatile string _header = Format(browser.Cookies);

        public string Header => _header;

        public List<DroppableWebSocket> Sockets { get; } = [];

        public void SendFrom(TestBrowser other) => _header = Format(other.Cookies);

        private static string Format(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));
    }

    private sealed class CookieHandler(Cookies cookies) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The browser's own User-Agent, not the SignalR client's: session protection compares it with the login's.
            request.Headers.Remove("Cookie");
            request.Headers.UserAgent.Clear();
            if (cookies.Header.Length > 0)
            {
                request.Headers.Add("Cookie", cookies.Header);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
