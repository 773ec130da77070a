using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Login.Tests;

/// <summary>Login without endpoint routing: plain middleware can still log users in and ask who is logged in.</summary>
public class NoRoutingTests
{
    [Fact]
    public async Task An_app_without_routing_starts_and_keeps_a_login()
    {
        using var host = await new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddSingleton<UserDirectory>();
                    services.AddDataProtection().UseEphemeralDataProtectionProvider();
                    services.AddLogin(o => o.UserType = typeof(TestUser));
                })
                .Configure(app =>
                {
                    app.UseLogin();
                    app.Run(async http =>
                    {
                        if (http.Request.Path == "/login")
                        {
                            await http.LoginUserAsync(new TestUser { Id = 1 });
                        }

                        await http.Response.WriteAsync((await http.GetCurrentUserAsync()).GetId() ?? "anonymous");
                    });
                }))
            .StartAsync();
        var browser = new TestBrowser(host.GetTestClient(), TimeProvider.System);

        Assert.Equal("anonymous", (await browser.GetAsync("/")).Body);
        Assert.Equal("1", (await browser.GetAsync("/login")).Body);
        Assert.Equal("1", (await browser.GetAsync("/")).Body);
    }
}
