using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Login.Sessions;
using Microsoft.AspNetCore.Http;

namespace Login.UserTypes.Tests;

/// <summary>
/// Who the request is, with two user types whose ids overlap (SPEC §10): every login records its user type, and the
/// session cookie, the remember cookie and the store's record of the login are read back as that type, never as the
/// other type's user with the same id.
/// </summary>
public sealed class IdentityTests
{
    /// <summary>The endpoints every test here maps: log in either type, and say who the request is.</summary>
    internal static void Map(WebApplication app)
    {
        app.MapPost("/login/customer/{id:int}", async (int id, bool? remember, bool? fresh, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Customers[id], remember: remember ?? false, fresh: fresh ?? true);
            return Results.Ok();
        });
        app.MapPost("/login/admin/{id:int}", async (int id, bool? remember, bool? fresh, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Admins[id], remember: remember ?? false, fresh: fresh ?? true);
            return Results.Ok();
        });
        app.MapPost("/login/stranger", (HttpContext http, Accounts _) => TryLogInAsync(http, new Stranger()));
        app.MapPost("/login/try-admin/{id:int}", (int id, HttpContext http, Accounts accounts) => TryLogInAsync(http, accounts.Admins[id]));
        app.MapPost("/confirm", async (HttpContext http) =>
        {
            await http.ConfirmLoginAsync();
            return Results.Ok();
        });
        app.MapGet("/any", [LoginRequired] (IUser user) => Describe(user));
        app.MapGet("/admin-param", [LoginRequired] (Admin admin) => Describe(admin));
        app.MapGet("/customer-param", [LoginRequired] (Customer customer) => Describe(customer));
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return Results.Ok();
        });
        // Typed return: an async lambda taking only HttpContext would otherwise be a RequestDelegate, its result dropped.
        app.MapGet("/me", async Task<string> (HttpContext http) => Describe(await http.GetCurrentUserAsync()));
        app.MapGet("/me/admin", async Task<string> (HttpContext http) => Describe(await http.GetCurrentUserAsync<Admin>()));
        app.MapGet("/me/customer", async Task<string> (HttpContext http) => Describe(await http.GetCurrentUserAsync<Customer>()));
        app.MapGet("/me/fresh", async Task<string> (HttpContext http) => (await http.IsLoginFreshAsync()).ToString());
        app.MapGet("/me/claims", (HttpContext http) =>
            string.Join(";", http.User.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal)));
    }

    private static async Task<string> TryLogInAsync(HttpContext http, IUser user)
    {
        try
        {
            await http.LoginUserAsync(user);
            return "logged in";
        }
        catch (InvalidOperationException e)
        {
            return "refused: " + e.Message;
        }
    }

    /// <summary>Which person a user object is: the type and the name, so Admin 5 and Customer 5 read differently.</summary>
    internal static string Describe(IUser? user) => user switch
    {
        Admin admin => $"admin {admin.Id} {admin.Name}",
        Customer customer => $"customer {customer.Id} {customer.Name}",
        null => "none",
        _ => "anonymous",
    };

    [Fact]
    public async Task An_admin_login_is_served_as_that_admin_not_as_the_customer_with_the_same_id()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out _);

        (await browser.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();

        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me/admin"));
        Assert.Equal("none", await browser.GetStringAsync("/me/customer"));
    }

    [Fact]
    public async Task A_customer_login_is_served_as_that_customer_not_as_the_admin_with_the_same_id()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out _);

        (await browser.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();

        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me/customer"));
        Assert.Equal("none", await browser.GetStringAsync("/me/admin"));
    }

    [Fact]
    public async Task Two_browsers_logged_in_as_the_two_people_with_id_5_each_stay_who_they_are()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var customer = app.NewBrowser(out _);
        using var admin = app.NewBrowser(out _);

        (await customer.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();

        for (var i = 0; i < 3; i++)
        {
            // Again and again: the second request of each comes from the decrypted-cookie cache.
            Assert.Equal("customer 5 Carol (customer 5)", await customer.GetStringAsync("/me"));
            Assert.Equal("admin 5 Alice (admin 5)", await admin.GetStringAsync("/me"));
        }
    }

    [Fact]
    public async Task A_remember_cookie_restores_the_admin_it_was_made_for_after_the_session_cookie_is_gone()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var admin = app.NewBrowser(out var adminJar);
        using var customer = app.NewBrowser(out var customerJar);
        (await admin.PostAsync("/login/admin/5?remember=true", null)).EnsureSuccessStatusCode();
        (await customer.PostAsync("/login/customer/5?remember=true", null)).EnsureSuccessStatusCode();

        adminJar.Cookies.Remove(SessionCookie);
        customerJar.Cookies.Remove(SessionCookie);

        Assert.Equal("admin 5 Alice (admin 5)", await admin.GetStringAsync("/me"));
        Assert.Equal("customer 5 Carol (customer 5)", await customer.GetStringAsync("/me"));
        Assert.Equal("False", await admin.GetStringAsync("/me/fresh"));

        // The session the restore wrote is the admin's too, and so is the rotated remember cookie.
        Assert.Equal("admin 5 Alice (admin 5)", await admin.GetStringAsync("/me"));
        adminJar.Cookies.Remove(SessionCookie);
        Assert.Equal("admin 5 Alice (admin 5)", await admin.GetStringAsync("/me"));
    }

    [Fact]
    public async Task The_login_family_in_the_store_records_the_user_type()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/admin/5?remember=true", null)).EnsureSuccessStatusCode();

        var session = SealedCookies.Session(app, jar);
        var family = await Store(app).FindAsync(FamilyIds.ToText(session.SessionId), CancellationToken.None);

        Assert.Equal("admin", session.UserType?.Key);
        Assert.Equal("admin", family?.UserType);
        Assert.Equal("5", family?.UserId);
        Assert.Equal("admin", SealedCookies.Remember(app, jar).UserType?.Key);
    }

    [Fact]
    public async Task Switching_from_a_customer_to_the_admin_with_the_same_id_replaces_the_login_entirely()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/customer/5?remember=true", null)).EnsureSuccessStatusCode();
        var customerFamily = SealedCookies.Session(app, jar).SessionId;
        var customerRemember = jar.Cookies[RememberCookie];

        (await browser.PostAsync("/login/admin/5?fresh=false", null)).EnsureSuccessStatusCode();

        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        // Nothing of the customer's login came along: not its freshness, not its family, not its remember cookie.
        Assert.Equal("False", await browser.GetStringAsync("/me/fresh"));
        var adminSession = SealedCookies.Session(app, jar);
        Assert.NotEqual(customerFamily, adminSession.SessionId);
        Assert.False(adminSession.Remember);
        Assert.NotNull((await Store(app).FindAsync(FamilyIds.ToText(customerFamily), CancellationToken.None))?.EndedAt);

        // The customer's remember cookie, kept by the browser (or a copy), restores nobody: its login ended.
        jar.Cookies.Remove(SessionCookie);
        jar.Cookies[RememberCookie] = customerRemember;
        Assert.Equal("anonymous", await browser.GetStringAsync("/me"));
    }

    [Fact]
    public async Task Switching_from_an_admin_to_the_customer_with_the_same_id_and_back_keeps_each_login_its_own()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/admin/5?remember=true", null)).EnsureSuccessStatusCode();
        var adminCookie = jar.Cookies[SessionCookie];

        (await browser.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();
        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
        Assert.Equal("True", await browser.GetStringAsync("/me/fresh"));

        // The admin's session cookie, replayed, is of a login that ended with the switch.
        using var replay = app.NewBrowser(out var replayJar);
        replayJar.Cookies[SessionCookie] = adminCookie;
        Assert.Equal("anonymous", await replay.GetStringAsync("/me"));

        (await browser.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();
        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
    }

    [Fact]
    public async Task A_rewritten_session_cookie_keeps_its_user_type()
    {
        // The idle timeout rewrites the session cookie (its last-seen time) without a new login: the rewrite must carry
        // the key, or with two types the next request could not tell whose id it holds.
        await using var app = await UserTypesApp.StartAsync(Map, o => o.IdleTimeout = TimeSpan.FromMinutes(30));
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();
        var first = jar.Cookies[SessionCookie];

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        Assert.NotEqual(first, jar.Cookies[SessionCookie]);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        Assert.Equal("admin", SealedCookies.Session(app, jar).UserType?.Key);
    }

    [Fact]
    public async Task Confirming_a_restored_admin_login_keeps_it_the_admin_s()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/admin/5?remember=true", null)).EnsureSuccessStatusCode();
        jar.Cookies.Remove(SessionCookie);
        Assert.Equal("False", await browser.GetStringAsync("/me/fresh"));

        (await browser.PostAsync("/confirm", null)).EnsureSuccessStatusCode();

        Assert.Equal("True", await browser.GetStringAsync("/me/fresh"));
        Assert.Equal("admin 5 Alice (admin 5)", await browser.GetStringAsync("/me"));
        Assert.Equal("admin", SealedCookies.Session(app, jar).UserType?.Key);
    }

    [Fact]
    public async Task Logging_out_an_admin_ends_that_login_and_every_copy_of_its_cookies()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);
        (await browser.PostAsync("/login/admin/5?remember=true", null)).EnsureSuccessStatusCode();
        var copy = new Dictionary<string, string>(jar.Cookies);

        (await browser.PostAsync("/logout", null)).EnsureSuccessStatusCode();

        Assert.Equal("anonymous", await browser.GetStringAsync("/me"));
        using var thief = app.NewBrowser(out var thiefJar);
        foreach (var (name, value) in copy)
        {
            thiefJar.Cookies[name] = value;
        }

        Assert.Equal("anonymous", await thief.GetStringAsync("/me"));
    }

    [Fact]
    public async Task LoginUserAsync_refuses_a_user_that_is_no_user_type_of_the_app_naming_it()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var browser = app.NewBrowser(out var jar);

        var answer = await (await browser.PostAsync("/login/stranger", null)).Content.ReadAsStringAsync();

        Assert.StartsWith("refused: ", answer, StringComparison.Ordinal);
        Assert.Contains(typeof(Stranger).FullName!, answer, StringComparison.Ordinal);
        Assert.Contains("[UserLoader]", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionCookie, jar.Cookies.Keys);
    }

    [Fact]
    public async Task LoginUserAsync_refuses_a_user_type_the_app_is_limited_away_from()
    {
        // LoginOptions.UserType keeps the app to one type: an admin is then no user type of it.
        await using var app = await UserTypesApp.StartAsync(Map, o => o.UserType = typeof(Customer));
        using var browser = app.NewBrowser(out _);

        var refused = await (await browser.PostAsync("/login/try-admin/5", null)).Content.ReadAsStringAsync();
        (await browser.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();

        Assert.StartsWith("refused: ", refused, StringComparison.Ordinal);
        Assert.Contains(typeof(Admin).FullName!, refused, StringComparison.Ordinal);
        Assert.Contains("LoginOptions.UserType", refused, StringComparison.Ordinal);
        Assert.Equal("customer 5 Carol (customer 5)", await browser.GetStringAsync("/me"));
    }

    [Fact]
    public async Task A_handler_taking_IUser_gets_whoever_is_logged_in()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var admin = app.NewBrowser(out _);
        using var customer = app.NewBrowser(out _);
        (await admin.PostAsync("/login/admin/7", null)).EnsureSuccessStatusCode();
        (await customer.PostAsync("/login/customer/7", null)).EnsureSuccessStatusCode();

        Assert.Equal("admin 7 Arno (admin 7)", await admin.GetStringAsync("/any"));
        Assert.Equal("customer 7 Cody (customer 7)", await customer.GetStringAsync("/any"));
    }

    [Fact]
    public async Task A_handler_parameter_of_one_user_type_is_never_bound_to_a_login_of_the_other()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var customer = app.NewBrowser(out _);
        (await customer.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();

        // Whatever answers first (the guard with 403 once it knows the parameter's type, else the binding), the handler
        // never runs with the customer as an admin: no admin's name, no success.
        using var response = await customer.GetAsync("/admin-param");
        var body = await response.Content.ReadAsStringAsync();

        Assert.False(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("Alice", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol", body, StringComparison.Ordinal);
        Assert.Equal("customer 5 Carol (customer 5)", await customer.GetStringAsync("/customer-param"));
    }

    [Fact]
    public async Task HttpContext_User_names_the_user_type_in_a_claim()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        using var admin = app.NewBrowser(out _);
        using var customer = app.NewBrowser(out _);
        (await admin.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();
        (await customer.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();

        Assert.Contains($"{LoginDefaults.UserTypeClaimType}=admin", await admin.GetStringAsync("/me/claims"), StringComparison.Ordinal);
        Assert.Contains($"{LoginDefaults.UserTypeClaimType}=Customer", await customer.GetStringAsync("/me/claims"), StringComparison.Ordinal);
        Assert.Contains($"{ClaimTypes.NameIdentifier}=5", await admin.GetStringAsync("/me/claims"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revalidating_live_connections_reloads_each_login_with_its_own_user_type()
    {
        var open = new System.Collections.Concurrent.ConcurrentDictionary<string, Login.Connections.ConnectionLogin>();
        await using var app = await UserTypesApp.StartAsync(
            a =>
            {
                Map(a);
                a.MapGet("/connect/{name}", async (string name, HttpContext http, Login.Connections.ConnectionLogins logins) =>
                {
                    open[name] = await logins.OpenAsync(http);
                    return "connected";
                });
            },
            o => o.ConnectionRevalidationInterval = null); // revalidated by hand below
        using var admin = app.NewBrowser(out _);
        using var customer = app.NewBrowser(out _);
        (await admin.PostAsync("/login/admin/5", null)).EnsureSuccessStatusCode();
        (await customer.PostAsync("/login/customer/5", null)).EnsureSuccessStatusCode();
        (await admin.GetAsync("/connect/admin")).EnsureSuccessStatusCode();
        (await customer.GetAsync("/connect/customer")).EnsureSuccessStatusCode();
        var logins = (Login.Connections.ConnectionLogins)app.Services.GetService(typeof(Login.Connections.ConnectionLogins))!;

        await logins.RevalidateOnceAsync(CancellationToken.None);
        Assert.False(open["admin"].HasEnded);
        Assert.False(open["customer"].HasEnded);

        // Customer 5 is deleted; Admin 5, the same id in the other table, is not: only the customer's connection ends.
        app.Accounts.Customers.Remove(5);
        await logins.RevalidateOnceAsync(CancellationToken.None);

        Assert.True(open["customer"].HasEnded);
        Assert.False(open["admin"].HasEnded);
        Assert.Equal("admin", open["admin"].Login?.UserType?.Key);
    }

    internal const string SessionCookie = ".Login.Session";

    internal const string RememberCookie = "remember_token";

    private static ILoginSessionStore Store(UserTypesApp app) => (ILoginSessionStore)app.Services.GetService(typeof(ILoginSessionStore))!;

    /// <summary>An <see cref="IUser"/> that is no [LoginUser] type: nothing could load it again.</summary>
    private sealed class Stranger : IUser
    {
        public string? GetId() => "5";

        public bool IsActive => true;

        public bool IsAuthenticated => true;

        public bool IsAnonymous => false;
    }
}
