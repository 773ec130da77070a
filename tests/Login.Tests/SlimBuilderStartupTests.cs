using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// Issue 19: an app that maps endpoints requiring a login and never calls <c>AddLogin()</c> must not start, whichever
/// way it builds its host. <c>WebApplication.CreateBuilder</c> runs the hosting startup the generated code names; a
/// slim or empty builder runs no hosting startups, so the generated code adds the same check where the app creates one.
/// Compiled twice: woven (Login.Tests) and with the Request Delegate Generator on (Login.Tests.Unwoven), where a
/// <c>[LoginRequired]</c> handler is only metadata and nothing of Login's runs at its <c>Map*</c> call.
/// </summary>
public class SlimBuilderStartupTests
{
    private const string Fix = "builder.Services.AddLogin(o => o.LoginView = \"/login\")";

    public static TheoryData<string> Builders => ["CreateSlimBuilder()", "CreateSlimBuilder(args)", "CreateSlimBuilder(options)", "CreateEmptyBuilder(options)"];

    [Theory]
    [MemberData(nameof(Builders))]
    public async Task A_slim_app_with_metadata_guarded_endpoints_and_no_AddLogin_does_not_start(string how)
    {
        var builder = Create(how);
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        await using var app = builder.Build();
        app.UseRouting();
        app.MapGet("/secret", () => "secret").RequireLogin();
        app.MapGroup("/vault").RequireFreshLogin().MapGet("/gold", () => "gold");
        app.MapGet("/open", () => "open");

        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("These endpoints require a login, and AddLogin() was not called", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/secret", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/vault/gold", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/open", problem.Message, StringComparison.Ordinal);
        Assert.Contains(Fix, problem.Message, StringComparison.Ordinal);
    }

#if LOGIN_UNWOVEN
    /// <summary>
    /// The case issue 19 names: the Request Delegate Generator owns the <c>Map*</c> call, so Login weaves nothing and its
    /// <c>[LoginRequired]</c> is endpoint metadata that only AddLogin's guards read. Before the fix this app started and
    /// served the secret to anyone.
    /// </summary>
    [Fact]
    public async Task With_the_Request_Delegate_Generator_a_slim_app_mapping_a_LoginRequired_handler_without_AddLogin_does_not_start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/secret", [LoginRequired] () => "secret");
        app.MapPost("/settings", [FreshLoginRequired] () => "settings");

        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("These endpoints require a login, and AddLogin() was not called", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/secret", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/settings", problem.Message, StringComparison.Ordinal);
        Assert.Contains(Fix, problem.Message, StringComparison.Ordinal);
    }
#endif

    /// <summary>The check stays out of the way of a slim app that has Login, and of one that guards nothing.</summary>
    [Fact]
    public async Task A_slim_app_with_AddLogin_or_without_guarded_endpoints_starts()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddLogin(o => (o.LoginView, o.UserType) = ("/login", typeof(TestUser)));
        await using (var app = builder.Build())
        {
            app.UseLogin();
            app.MapGet("/secret", () => "secret").RequireLogin();
            await app.StartAsync();
            var response = await app.GetTestClient().GetAsync("/secret");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            await app.StopAsync();
        }

        var plain = WebApplication.CreateSlimBuilder();
        plain.WebHost.UseTestServer();
        await using var open = plain.Build();
        open.MapGet("/open", () => "open");
        await open.StartAsync();
        Assert.Equal("open", await open.GetTestClient().GetStringAsync("/open"));
        await open.StopAsync();
    }

    private static WebApplicationBuilder Create(string how)
    {
        string[] args = [];
        var options = new WebApplicationOptions { Args = args };
        return how switch
        {
            "CreateSlimBuilder()" => WebApplication.CreateSlimBuilder(),
            "CreateSlimBuilder(args)" => WebApplication.CreateSlimBuilder(args),
            "CreateSlimBuilder(options)" => WebApplication.CreateSlimBuilder(options),
            "CreateEmptyBuilder(options)" => WebApplication.CreateEmptyBuilder(options),
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
    }
}
