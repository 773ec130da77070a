using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Login.Stores.Tests.Apps;

/// <summary>A SignalR client of a store app's hub, sending a <see cref="Browser"/>'s cookies, over real HTTP.</summary>
public static class HubClient
{
    public static async Task<HubConnection> ConnectAsync(Browser browser, HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var cookies = string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}"));
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(browser.App.Address, "/hub"), o =>
            {
                o.Transports = transport;
                o.Headers["Cookie"] = cookies;
                o.Headers["User-Agent"] = Browser.UserAgent; // the browser's: session protection compares it
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>A task that completes when the connection closes.</summary>
    public static Task WhenClosed(this HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    /// <summary>How long the connection took to close after <paramref name="since"/> started; <c>null</c> past <paramref name="bound"/>.</summary>
    public static async Task<TimeSpan?> ClosedWithinAsync(this Task closed, Stopwatch since, TimeSpan bound) =>
        await Task.WhenAny(closed, Task.Delay(bound)) == closed ? since.Elapsed : null;
}
