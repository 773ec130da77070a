using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Login.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Login.UserTypes.Tests;

/// <summary>
/// Issue 18's guards over real HTTP, the attacker first: a customer logged in never reaches an admin's handler (403,
/// problem+json for an API client, the handler's call count stays 0); an admin does; <c>[LoginRequired]</c> lets both
/// through; an anonymous request goes to the admin's login view (<c>LoginViewFor&lt;Admin&gt;</c>) else the app's.
/// Compiled twice: woven here, unwoven (RDG on: every guard is the runtime's) in Login.UserTypes.Tests.Unwoven.
/// </summary>
public sealed class GuardTests
{
    /// <summary>Every admin-only shape of a minimal API, and what each asks for.</summary>
    public static readonly string[] AdminOnlyPaths =
    [
        "/guards/admin", "/guards/admin-param", "/guards/admin-group/page", "/guards/admin-group-view/page",
        "/guards/admin-fresh", "/guards/admin-fresh-group/page",
    ];

    // ---- The attacker: a login of the other type -------------------------------------------------------------------

    [Fact]
    public async Task Customer_5_gets_403_from_every_admin_only_endpoint_and_no_handler_runs()
    {
        await using var site = await GuardSite.StartAsync();
        var customer = site.App.NewBrowser(out _);
        await site.LogInAsync(customer, "customer", 5);

        foreach (var path in AdminOnlyPaths)
        {
            using var response = await customer.GetAsync(path);
            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.Null(response.Headers.Location); // no login view: the same person logging in again would not help
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(site.Calls.All);
    }

    [Fact]
    public async Task Admin_5_gets_403_from_a_customer_only_endpoint()
    {
        await using var site = await GuardSite.StartAsync();
        var admin = site.App.NewBrowser(out _);
        await site.LogInAsync(admin, "admin", 5);

        using var response = await admin.GetAsync("/guards/customer");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(site.Calls.All);
    }

    [Fact]
    public async Task An_API_client_logged_in_as_a_customer_gets_a_403_problem_that_names_nobody()
    {
        await using var site = await GuardSite.StartAsync();
        var customer = site.App.NewBrowser(out _);
        await site.LogInAsync(customer, "customer", 5);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/guards/admin");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await customer.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Another kind of account required", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("another kind of account", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Carol", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Customer", body, StringComparison.Ordinal);
        Assert.DoesNotContain("5", problem.RootElement.GetProperty("title").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("5", problem.RootElement.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Empty(site.Calls.All);
    }

    [Fact]
    public async Task A_fresh_customer_login_is_refused_at_a_fresh_admin_endpoint_before_freshness_is_asked()
    {
        await using var site = await GuardSite.StartAsync(o => o.RefreshView = "/reauth");
        var customer = site.App.NewBrowser(out _);
        var staleAdmin = site.App.NewBrowser(out _);
        await site.LogInAsync(customer, "customer", 5, fresh: true);
        await site.LogInAsync(staleAdmin, "admin", 5, fresh: false);

        using var refused = await customer.GetAsync("/guards/admin-fresh");
        using var refresh = await staleAdmin.GetAsync("/guards/admin-fresh");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Found, refresh.StatusCode);
        Assert.Equal("/reauth?next=%2Fguards%2Fadmin-fresh", refresh.Headers.Location?.OriginalString);
        Assert.Empty(site.Calls.All);
    }

    [Fact]
    public async Task Metadata_naming_two_unrelated_user_types_refuses_every_login()
    {
        // [LoginRequired<Admin>] on a handler that takes a Customer (LOGIN015 at compile time, built here by hand): no user
        // is both, so every logged-in request gets 403 rather than a handler whose parameter cannot bind.
        await using var site = await GuardSite.StartAsync();
        var customer = site.App.NewBrowser(out _);
        var admin = site.App.NewBrowser(out _);
        var anonymous = site.App.NewBrowser(out _);
        await site.LogInAsync(customer, "customer", 5);
        await site.LogInAsync(admin, "admin", 5);

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/guards/conflict")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/guards/conflict")).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await anonymous.GetAsync("/guards/conflict")).StatusCode);
        Assert.Empty(site.Calls.All);
    }

    // ---- Who passes ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Admin_5_reaches_every_admin_only_endpoint_as_Admin_5()
    {
        await using var site = await GuardSite.StartAsync();
        var admin = site.App.NewBrowser(out _);
        await site.LogInAsync(admin, "admin", 5);

        foreach (var path in AdminOnlyPaths)
        {
            using var response = await admin.GetAsync(path);
            Assert.True(HttpStatusCode.OK == response.StatusCode, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.Equal("Alice (admin 5)", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(AdminOnlyPaths.Length, site.Calls.All.Count);
    }

    [Fact]
    public async Task LoginRequired_lets_either_type_through_as_itself()
    {
        await using var site = await GuardSite.StartAsync();
        var customer = site.App.NewBrowser(out _);
        var admin = site.App.NewBrowser(out _);
        await site.LogInAsync(customer, "customer", 5);
        await site.LogInAsync(admin, "admin", 5);

        Assert.Equal("Carol (customer 5)", await customer.GetStringAsync("/guards/anyone"));
        Assert.Equal("Alice (admin 5)", await admin.GetStringAsync("/guards/anyone"));
        Assert.Equal("Carol (customer 5)", await customer.GetStringAsync("/guards/customer"));
        Assert.Equal(["anyone", "anyone", "customer"], site.Calls.All.Order());
    }

    // ---- Anonymous: the type's login view --------------------------------------------------------------------------

    [Fact]
    public async Task Anonymous_goes_to_the_admin_login_view_for_admin_endpoints_and_to_the_apps_for_the_others()
    {
        await using var site = await GuardSite.StartAsync(o => o.LoginViewFor<Admin>("/admin/login"));
        var anonymous = site.App.NewBrowser(out _);

        foreach (var path in new[] { "/guards/admin", "/guards/admin-group/page", "/guards/admin-fresh", "/guards/admin-fresh-group/page" })
        {
            Assert.Equal("/admin/login?next=" + Uri.EscapeDataString(path), await site.RedirectOf(anonymous, path));
        }

        Assert.Equal("/login?next=%2Fguards%2Fanyone", await site.RedirectOf(anonymous, "/guards/anyone"));
        Assert.Equal("/login?next=%2Fguards%2Fcustomer", await site.RedirectOf(anonymous, "/guards/customer"));
        // A group's own view (RequireLogin<Admin>("/admin-group/login")) wins over the type's.
        Assert.Equal("/admin-group/login?next=%2Fguards%2Fadmin-group-view%2Fpage", await site.RedirectOf(anonymous, "/guards/admin-group-view/page"));
        Assert.Empty(site.Calls.All);
    }

    [Fact]
    public async Task Anonymous_goes_to_the_admin_login_view_for_a_handler_taking_an_Admin()
    {
        // The parameter's type comes from the generated UserParameterMetadata and from the handler's MethodInfo (the only
        // one there when the Request Delegate Generator owns the call): woven and unwoven alike.
        await using var site = await GuardSite.StartAsync(o => o.LoginViewFor<Admin>("/admin/login"));
        var anonymous = site.App.NewBrowser(out _);

        Assert.Equal("/admin/login?next=%2Fguards%2Fadmin-param", await site.RedirectOf(anonymous, "/guards/admin-param"));
    }

    [Fact]
    public async Task Without_a_view_for_the_type_anonymous_goes_to_the_apps_login_view()
    {
        await using var site = await GuardSite.StartAsync();
        var anonymous = site.App.NewBrowser(out _);

        Assert.Equal("/login?next=%2Fguards%2Fadmin", await site.RedirectOf(anonymous, "/guards/admin"));
        Assert.Equal("/login?next=%2Fguards%2Fadmin-group%2Fpage", await site.RedirectOf(anonymous, "/guards/admin-group/page"));
        Assert.Empty(site.Calls.All);
    }

    // ---- One user type (LoginOptions.UserType): what an app with one type sees ------------------------------------

    [Fact]
    public async Task With_one_user_type_its_logins_pass_its_typed_guards_and_anonymous_goes_to_its_view()
    {
        await using var site = await GuardSite.StartAsync(o =>
        {
            o.UserType = typeof(Admin);
            o.LoginViewFor<Admin>("/admin/login");
        }, mapCustomerOnly: false);
        var admin = site.App.NewBrowser(out _);
        var anonymous = site.App.NewBrowser(out _);
        await site.LogInAsync(admin, "admin", 7);

        Assert.Equal("Arno (admin 7)", await admin.GetStringAsync("/guards/admin"));
        Assert.Equal("Arno (admin 7)", await admin.GetStringAsync("/guards/admin-group/page"));
        Assert.Equal("Arno (admin 7)", await admin.GetStringAsync("/guards/anyone"));
        Assert.Equal("/admin/login?next=%2Fguards%2Fadmin", await site.RedirectOf(anonymous, "/guards/admin"));
        Assert.Equal("/login?next=%2Fguards%2Fanyone", await site.RedirectOf(anonymous, "/guards/anyone"));
    }

    // ---- Startup ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_endpoint_requiring_a_type_the_app_does_not_use_stops_the_start_naming_it()
    {
        // The app uses only Customer (LoginOptions.UserType): nobody could ever pass [LoginRequired<Admin>].
        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => UserTypesApp.StartAsync(
            map: app => app.MapGet("/staff", [LoginRequired<Admin>] () => "staff"),
            configure: o => o.UserType = typeof(Customer)));

        Assert.Contains("/staff", problem.Message, StringComparison.Ordinal);
        Assert.Contains("requires a login as Login.UserTypes.Tests.Admin", problem.Message, StringComparison.Ordinal);
        Assert.Contains("its user types are Login.UserTypes.Tests.Customer", problem.Message, StringComparison.Ordinal);
        Assert.Contains("LoginOptions.UserType is Login.UserTypes.Tests.Customer", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_taking_a_type_the_app_does_not_use_starts_and_refuses_its_logins()
    {
        // Only what a requirement names stops the start: endpoints shared by several apps of one process (each with its
        // LoginOptions.UserType) may take a type one of them does not use. There, every login gets 403.
        await using var app = await UserTypesApp.StartAsync(
            map: app =>
            {
                GuardSite.MapLogin(app);
                app.MapGet("/staff", [LoginRequired] () => "staff").WithMetadata(new UserParameterMetadata(typeof(Admin)));
            },
            configure: o => o.UserType = typeof(Customer));
        var customer = app.NewBrowser(out _);
        await GuardSite.LogInAsync(customer, "customer", 5, fresh: true, "logged in");

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_group_requiring_a_type_the_app_does_not_use_stops_the_start()
    {
        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => UserTypesApp.StartAsync(
            map: app => app.MapGroup("/staff").RequireLogin<Admin>().MapGet("/inside", () => "inside"),
            configure: o => o.UserType = typeof(Customer)));

        Assert.Contains("requires a login as Login.UserTypes.Tests.Admin", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_types_login_view_naming_no_endpoint_stops_the_start()
    {
        var problem = await Assert.ThrowsAsync<InvalidOperationException>(() => UserTypesApp.StartAsync(
            map: app => app.MapGet("/staff", [LoginRequired<Admin>] () => "staff"),
            configure: o => o.LoginViewFor<Admin>("admin-login")));

        Assert.Contains("LoginOptions.LoginViewFor<Admin> is \"admin-login\"", problem.Message, StringComparison.Ordinal);
    }
}

/// <summary>Counts the guarded handlers that ran, by name, so a test can prove one never did.</summary>
public sealed class HandlerCalls
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyCollection<string> All => _calls;

    public string Ran(string name, IUser user)
    {
        _calls.Enqueue(name);
        return user switch
        {
            Admin admin => admin.Name,
            Customer customer => customer.Name,
            _ => "?",
        };
    }
}

/// <summary>The app of <see cref="GuardTests"/>: logging in as either type, and every typed guard shape of a minimal API.</summary>
public sealed class GuardSite : IAsyncDisposable
{
    private GuardSite(UserTypesApp app) => App = app;

    public UserTypesApp App { get; }

    public HandlerCalls Calls => App.Services.GetRequiredService<HandlerCalls>();

    public static async Task<GuardSite> StartAsync(Action<LoginOptions>? configure = null, bool mapCustomerOnly = true) =>
        new(await UserTypesApp.StartAsync(
            map: app => Map(app, mapCustomerOnly),
            configure: configure,
            services: s => s.AddSingleton<HandlerCalls>()));

    /// <summary>Logs <paramref name="browser"/> in as the Customer or Admin with <paramref name="id"/>.</summary>
    public Task LogInAsync(HttpClient browser, string type, int id, bool fresh = true) => LogInAsync(browser, type, id, fresh, "logged in");

    /// <summary>As the other overload, for any app that maps <see cref="MapLogin"/>.</summary>
    public static async Task LogInAsync(HttpClient browser, string type, int id, bool fresh, string expected)
    {
        var answer = await browser.GetStringAsync($"/guards/login/{type}/{id}?fresh={fresh}");
        Assert.Equal(expected, answer);
    }

    /// <summary>Where a guard sends <paramref name="browser"/> for <paramref name="path"/> (it must redirect).</summary>
    public async Task<string?> RedirectOf(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        Assert.True(HttpStatusCode.Found == response.StatusCode, $"{path}: {(int)response.StatusCode}");
        return response.Headers.Location?.OriginalString;
    }

    /// <summary>Logging in as either type (<see cref="LogInAsync"/>), for the other guard test files' apps too.</summary>
    public static void MapLogin(IEndpointRouteBuilder app) =>
        app.MapGet("/guards/login/{type}/{id:int}", async (HttpContext http, Accounts accounts, string type, int id, bool? fresh) =>
        {
            IUser user = type == "admin" ? accounts.Admins[id] : accounts.Customers[id];
            return await http.LoginUserAsync(user, fresh: fresh ?? true) ? "logged in" : "refused";
        });

    private static void Map(WebApplication app, bool mapCustomerOnly)
    {
        MapLogin(app);

        app.MapGet("/guards/admin", [LoginRequired<Admin>] async (HttpContext http, HandlerCalls calls) =>
            calls.Ran("admin", await http.GetCurrentUserAsync()));
        app.MapGet("/guards/admin-fresh", [FreshLoginRequired<Admin>] async (HttpContext http, HandlerCalls calls) =>
            calls.Ran("admin-fresh", await http.GetCurrentUserAsync()));
        app.MapGet("/guards/anyone", [LoginRequired] async (HttpContext http, HandlerCalls calls) =>
            calls.Ran("anyone", await http.GetCurrentUserAsync()));
        app.MapGet("/guards/admin-param", [LoginRequired] (Admin admin, HandlerCalls calls) => calls.Ran("admin-param", admin));
        app.MapGroup("/guards/admin-group").RequireLogin<Admin>()
            .MapGet("/page", async (HttpContext http, HandlerCalls calls) => calls.Ran("admin-group", await http.GetCurrentUserAsync()));
        app.MapGroup("/guards/admin-group-view").RequireLogin<Admin>("/admin-group/login")
            .MapGet("/page", async (HttpContext http, HandlerCalls calls) => calls.Ran("admin-group-view", await http.GetCurrentUserAsync()));
        app.MapGroup("/guards/admin-fresh-group").RequireFreshLogin<Admin>()
            .MapGet("/page", async (HttpContext http, HandlerCalls calls) => calls.Ran("admin-fresh-group", await http.GetCurrentUserAsync()));
        app.MapGet("/guards/conflict", [LoginRequired<Admin>] async (HttpContext http, HandlerCalls calls) =>
            calls.Ran("conflict", await http.GetCurrentUserAsync())).WithMetadata(new UserParameterMetadata(typeof(Customer)));
        if (mapCustomerOnly)
        {
            app.MapGet("/guards/customer", [LoginRequired<Customer>] async (HttpContext http, HandlerCalls calls) =>
                calls.Ran("customer", await http.GetCurrentUserAsync()));
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
