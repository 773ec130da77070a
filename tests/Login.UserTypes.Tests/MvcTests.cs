using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Login.UserTypes.Tests;

/// <summary>
/// Issue 18's guards on MVC and Razor Pages: a controller, an action and a page model marked
/// <c>[LoginRequired&lt;Admin&gt;]</c> refuse Customer 5 with 403 (their action never runs), let Admin 5 in, and send an
/// anonymous request to the admin's login view. Woven and unwoven alike (MVC is always guarded at run time).
/// </summary>
public sealed class MvcTests
{
    private static readonly string[] AdminOnly = ["/mvc/admin", "/mvc/mixed/admin", "/mvc/admin-page"];

    [Fact]
    public async Task Customer_5_gets_403_from_admin_only_controllers_actions_and_pages_and_nothing_runs()
    {
        await using var site = await StartAsync();
        var customer = site.NewBrowser(out _);
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");

        foreach (var path in AdminOnly)
        {
            using var response = await customer.GetAsync(path);
            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        }

        using var api = new HttpRequestMessage(HttpMethod.Get, "/mvc/admin");
        api.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var problem = await customer.SendAsync(api);
        Assert.Equal(HttpStatusCode.Forbidden, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        Assert.Empty(site.Services.GetRequiredService<HandlerCalls>().All);
        // The open action of the same controller is open to anyone logged in or not.
        Assert.Equal("open", await customer.GetStringAsync("/mvc/mixed/open"));
    }

    [Fact]
    public async Task Admin_5_reaches_them_as_Admin_5_and_a_customer_reaches_LoginRequired_actions()
    {
        await using var site = await StartAsync();
        var admin = site.NewBrowser(out _);
        var customer = site.NewBrowser(out _);
        await GuardSite.LogInAsync(admin, "admin", 5, fresh: true, "logged in");
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");

        foreach (var path in AdminOnly)
        {
            Assert.Equal("Alice (admin 5)", (await admin.GetStringAsync(path)).Trim());
        }

        Assert.Equal("Carol (customer 5)", await customer.GetStringAsync("/mvc/mixed/anyone"));
        Assert.Equal("Alice (admin 5)", await admin.GetStringAsync("/mvc/mixed/anyone"));
    }

    [Fact]
    public async Task Anonymous_goes_to_the_admin_login_view()
    {
        await using var site = await StartAsync(o => o.LoginViewFor<Admin>("/admin/login"));
        var anonymous = site.NewBrowser(out _);

        foreach (var path in AdminOnly)
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal("/admin/login?next=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
        }

        using var anyone = await anonymous.GetAsync("/mvc/mixed/anyone");
        Assert.Equal("/login?next=%2Fmvc%2Fmixed%2Fanyone", anyone.Headers.Location?.OriginalString);
        Assert.Empty(site.Services.GetRequiredService<HandlerCalls>().All);
    }

    [Fact]
    public async Task With_one_user_type_an_admin_reaches_the_admin_only_controller_and_page()
    {
        await using var site = await StartAsync(o => o.UserType = typeof(Admin));
        var admin = site.NewBrowser(out _);
        await GuardSite.LogInAsync(admin, "admin", 7, fresh: true, "logged in");

        foreach (var path in AdminOnly)
        {
            Assert.Equal("Arno (admin 7)", (await admin.GetStringAsync(path)).Trim());
        }
    }

    private static Task<UserTypesApp> StartAsync(Action<LoginOptions>? configure = null) => UserTypesApp.StartAsync(
        map: app =>
        {
            GuardSite.MapLogin(app);
            app.MapControllers();
            app.MapRazorPages();
        },
        configure: configure,
        services: services =>
        {
            services.AddSingleton<HandlerCalls>();
            services.AddControllers().AddApplicationPart(typeof(MvcTests).Assembly);
            services.AddRazorPages().AddApplicationPart(typeof(MvcTests).Assembly);
        });
}

/// <summary>A controller for admins only, as a whole.</summary>
[LoginRequired<Admin>]
public sealed class AdminOnlyController(HandlerCalls calls) : Controller
{
    [HttpGet("/mvc/admin")]
    public async Task<string> Get() => calls.Ran("mvc admin", await HttpContext.GetCurrentUserAsync());
}

/// <summary>A controller whose actions each say what they need.</summary>
public sealed class MixedController(HandlerCalls calls) : Controller
{
    [HttpGet("/mvc/mixed/admin")]
    [LoginRequired<Admin>]
    public async Task<string> AdminOnly() => calls.Ran("mvc mixed admin", await HttpContext.GetCurrentUserAsync());

    [HttpGet("/mvc/mixed/anyone")]
    [LoginRequired]
    public async Task<string> Anyone() => calls.Ran("mvc mixed anyone", await HttpContext.GetCurrentUserAsync());

    [HttpGet("/mvc/mixed/open")]
    public string Open() => "open";
}

/// <summary>A page for admins only, guarded on its model.</summary>
[LoginRequired<Admin>]
public sealed class AdminPageModel(HandlerCalls calls) : PageModel
{
    public string Body { get; private set; } = "";

    public async Task OnGet() => Body = calls.Ran("admin page", await HttpContext.GetCurrentUserAsync());
}
