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
            app.MapControllerRoute("conventional", "conventional/{controller}/{action}");
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

    [Fact]
    public async Task A_guarded_Razor_Pages_handler_method_refuses_anonymous_requests()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        var before = Pages.HandlersModel.SecretRuns;

        Assert.Equal("open handler", (await browser.GetAsync("/pages/handlers")).Body.Trim());
        var secret = await browser.GetAsync("/pages/handlers?handler=Secret&note=x");
        var posted = await browser.GetAsync("/pages/handlers?handler=Delete", HttpMethod.Post);

        Assert.Equal(HttpStatusCode.Found, secret.Status);
        Assert.Equal("/login?next=%2Fpages%2Fhandlers%3Fhandler%3DSecret%26note%3Dx", secret.Location);
        Assert.Equal(HttpStatusCode.Found, posted.Status);
        Assert.Equal(before, Pages.HandlersModel.SecretRuns);
    }

    [Fact]
    public async Task A_guarded_Razor_Pages_handler_method_serves_logged_in_users_and_checks_freshness()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?fresh=false");

        Assert.Equal("secret handler of 1", (await browser.GetAsync("/pages/handlers?handler=Secret")).Body.Trim());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/pages/handlers?handler=Delete", HttpMethod.Post)).Status);

        await browser.GetAsync("/login/1");
        Assert.Equal("deleted", (await browser.GetAsync("/pages/handlers?handler=Delete", HttpMethod.Post)).Body.Trim());
    }

    [Theory]
    [InlineData("OPTIONS", "/mvc/verbs/post-or-options")]
    [InlineData("POST", "/mvc/verbs/post-or-options")]
    [InlineData("OPTIONS", "/conventional/verbs/conventional")]
    [InlineData("DELETE", "/conventional/verbs/conventional")]
    [InlineData("GET", "/conventional/verbs/conventional")]
    public async Task Actions_that_take_any_method_never_run_for_anonymous_requests(string method, string path)
    {
        await using var app = await StartAsync();
        var before = Mvc.VerbsController.Runs;

        var response = await app.NewBrowser().GetAsync(path, new HttpMethod(method));

        Assert.Equal(method == "OPTIONS" ? HttpStatusCode.NoContent : HttpStatusCode.Found, response.Status);
        Assert.Equal(before, Mvc.VerbsController.Runs);
    }

    [Fact]
    public async Task Without_endpoint_routing_guarded_controllers_are_still_guarded()
    {
        await using var app = await TestApp.StartAsync(
            services: s => s.AddMvc(o => o.EnableEndpointRouting = false).AddApplicationPart(typeof(MvcAndPagesTests).Assembly),
            map: app => app.UseMvc());
        var browser = app.NewBrowser();

        var anonymous = await browser.GetAsync("/mvc/shop/orders");
        Assert.Equal(HttpStatusCode.Found, anonymous.Status);
        Assert.Equal("/login?next=%2Fmvc%2Fshop%2Forders", anonymous.Location);
        Assert.Equal("public action", (await browser.GetAsync("/mvc/account/public")).Body);

        await browser.GetAsync("/login/1");
        Assert.Equal("orders of 1", (await browser.GetAsync("/mvc/shop/orders")).Body);
    }
}
