using System.Net;
using Microsoft.AspNetCore.TestHost;

namespace Login.RequestDelegateGenerator.Tests;

/// <summary>With the Request Delegate Generator on, guards come from metadata at runtime, and still hold.</summary>
public class GuardedWithoutWeavingTests
{
    [Fact]
    public async Task Anonymous_requests_are_sent_to_the_login_view()
    {
        await using var app = await RdgApp.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/members");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=%2Fmembers", response.Headers.Location?.OriginalString);
        Assert.Equal("open", await client.GetStringAsync("/open"));
    }

    [Fact]
    public async Task Logged_in_members_get_in_and_fresh_only_endpoints_check_freshness()
    {
        await using var app = await RdgApp.StartAsync();
        using var client = app.GetTestClient();
        using var login = await client.GetAsync("/login/7");
        // The app runs in Production: the session cookie has its __Host- name.
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Login.Session=", StringComparison.Ordinal)).Split(';')[0];
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal("member 7", await client.GetStringAsync("/members"));
        using var delete = await client.PostAsync("/members/delete", null);
        Assert.Equal("deleted 7", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_calls_were_compiled_by_the_Request_Delegate_Generator_not_woven_by_Login()
    {
        var types = typeof(RdgApp).Assembly.GetTypes().Select(t => t.FullName ?? "").ToList();

        Assert.Contains(types, t => t.StartsWith("Microsoft.AspNetCore.Http.Generated", StringComparison.Ordinal));
        Assert.DoesNotContain(types, t => t.Contains("LoginGuardInterceptors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_UseLogin_the_guards_still_hold()
    {
        await using var app = await RdgApp.StartAsync(useLogin: false);
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/members");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?next=%2Fmembers", response.Headers.Location?.OriginalString);
    }
}
