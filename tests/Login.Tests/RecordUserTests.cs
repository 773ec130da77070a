using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Login.Tests;

/// <summary>A record user with a strongly-typed [LoginId] and a string-taking Task loader, end to end over HTTP.</summary>
public class RecordUserTests
{
    private static Task<TestApp> StartAsync() => TestApp.StartAsync(
        o => o.UserType = typeof(Agency.Agent),
        map: app =>
        {
            app.MapGet("/agents/me", [LoginRequired] (Agency.Agent agent) => $"{agent.Name} ({agent.GetId()})");
            app.MapGet("/agents/login", async (HttpContext http) =>
            {
                await http.LoginUserAsync(new Agency.Agent(AgentLoader.Known, "Ada"));
                return "ok";
            });
        });

    [Fact]
    public async Task A_record_user_logs_in_and_is_bound_as_a_handler_parameter()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/agents/me")).Status);

        await browser.GetAsync("/agents/login");

        Assert.Equal($"Ada (agent-{AgentLoader.Known.Value})", (await browser.GetAsync("/agents/me")).Body);
    }

    [Fact]
    public void Record_users_keep_record_equality()
    {
        Assert.Equal(new Agency.Agent(AgentLoader.Known, "Ada"), new Agency.Agent(AgentLoader.Known, "Ada"));
        Assert.NotEqual(new Agency.Agent(AgentLoader.Known, "Ada"), new Agency.Agent(AgentLoader.Known, "Bob"));
    }
}
