using System.Net;
using Login.Sessions.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Login.Tests;

/// <summary>
/// Issue 21, item 7: with the generic host and Login registered after the web host, the server serves before Login's
/// sync has started, and a slow hosted service in between widens that to seconds. No ended login may be served then.
/// </summary>
public class HostOrderTests
{
    /// <summary>A hosted service that holds the host's start until released, standing between the web host and Login's sync.</summary>
    private sealed class SlowStart : IHostedService
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _released.TrySetResult();

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task With_Login_registered_after_the_web_host_an_ended_login_is_not_served_while_the_host_is_still_starting()
    {
        var store = new InMemoryLoginSessionStore();
        var keys = new EphemeralDataProtectionProvider();
        Dictionary<string, string> copy;
        await using (var first = await TestApp.StartAsync(services: s => Share(s, store, keys)))
        {
            var browser = first.NewBrowser();
            await browser.GetAsync("/login/1");
            copy = new Dictionary<string, string>(browser.Cookies);
            await browser.GetAsync("/logout");
        }

        var slow = new SlowStart();
        var ran = 0;
        using var host = new HostBuilder()
            .UseEnvironment("Development") // the first app's cookie names
            .ConfigureWebHost(web => web.UseTestServer().Configure(app =>
            {
                app.UseRouting();
                app.UseLogin();
                app.UseEndpoints(e => e.MapGet("/secret", [LoginRequired] () => Interlocked.Increment(ref ran).ToString()));
            }))
            .ConfigureServices(s =>
            {
                s.AddRouting();
                s.AddHostedService(_ => slow); // after the web host, before Login: the order that served ended logins
                s.AddSingleton<UserDirectory>();
                Share(s, store, keys);
                s.AddLogin(o =>
                {
                    o.LoginView = "/login";
                    o.UserType = typeof(TestUser);
                });
            })
            .Build();

        var starting = host.StartAsync();
        await slow.Started; // the server serves; Login's sync has not been started by the host
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secret");
        request.Headers.Add("Cookie", string.Join("; ", copy.Select(c => $"{c.Key}={c.Value}")));
        using var response = await host.GetTestServer().CreateClient().SendAsync(request);
        slow.Release();
        await starting;

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode); // refused (302), or 503 until the catch-up: never served
        Assert.Equal(0, ran);
        await host.StopAsync();
    }

    private static void Share(IServiceCollection services, ILoginSessionStore store, IDataProtectionProvider keys)
    {
        services.AddSingleton(store);
        services.AddSingleton(keys);
    }
}
