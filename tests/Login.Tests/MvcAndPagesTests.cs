using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>[LoginRequired] on controllers, actions and page models guards them like minimal API handlers.</summary>
public class MvcAndPagesTests
{
    private static Task<TestApp> StartAsync() => TestApp.StartAsync(
        services: s =>
        {
            s.AddControllers().AddApplicationPart(typeof(MvcAndPagesTests).Assembly);
            s.AddRazorPages().AddApplicationPart(typeof(MvcAndPagesTests).Assembly);
        },
        map: app =>
        {
            app.MapControllers();
            app.MapRazorPages();
        });

    [Theory]
    [InlineData("/mvc/account", "/login?next=%2Fmvc%2Faccount")]
    [InlineData("/mvc/account/delete", "/login?next=%2Fmvc%2Faccount%2Fdelete")]
    [InlineData("/mvc/shop/orders", "/login?next=%2Fmvc%2Fshop%2Forders")]
    [InlineData("/pages/profile", "/login?next=%2Fpages%2Fprofile")]
    public async Task Anonymous_requests_are_sent_to_the_login_view(string path, string location)
    {
        await using var app = await StartAsync();

        var response = await app.NewBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal(location, response.Location);
    }

    [Fact]
    public async Task Unguarded_and_opted_out_actions_stay_open()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();

        Assert.Equal("shop", (await browser.GetAsync("/mvc/shop")).Body);
        Assert.Equal("public action", (await browser.GetAsync("/mvc/account/public")).Body);
    }

    [Fact]
    public async Task Logged_in_users_reach_actions_and_pages()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        Assert.Equal("account of 1", (await browser.GetAsync("/mvc/account")).Body);
        Assert.Equal("orders of 1", (await browser.GetAsync("/mvc/shop/orders")).Body);
        Assert.Equal("profile of 1, seen by the view as 1 (authenticated: True)", (await browser.GetAsync("/pages/profile")).Body.Trim());
        Assert.Equal("delete form", (await browser.GetAsync("/mvc/account/delete")).Body);
    }

    [Fact]
    public async Task A_fresh_only_action_sends_stale_logins_to_refresh()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");

        Assert.Equal("account of 1", (await browser.GetAsync("/mvc/account")).Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/mvc/account/delete")).Status);
    }
}
