using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Login.UserTypes.Tests;

/// <summary>
/// The shop of CollisionTests and AttackTests: every way to log in as a Customer or an Admin (whose ids overlap), a
/// <c>/whoami</c> that says who the browser is, and one guarded endpoint per kind of requirement, each counting the calls
/// its handler gets (so a test can tell a 403 from a handler that ran and answered 403 itself).
/// </summary>
public static class TwoTypesSite
{
    /// <summary>The guarded endpoints <see cref="GuardsAsync"/> asks, in the order it reports them.</summary>
    public static readonly string[] GuardedPaths =
    [
        "/any", "/customer", "/customer/param", "/customer/fresh", "/admin", "/admin/param", "/admin/fresh",
    ];

    /// <summary>Login options of the shop: Admin has its own login page, stale logins go to /reauth.</summary>
    public static void Configure(LoginOptions options)
    {
        options.LoginView = "/login";
        options.RefreshView = "/reauth";
        options.LoginViewFor<Admin>("/admin/login");
    }

    /// <summary>Maps the shop; <paramref name="calls"/> counts the guarded handlers' calls.</summary>
    public static void Map(WebApplication app, HandlerRuns calls)
    {
        // Every handler says its return type. Two reasons: an async lambda taking only HttpContext whose body is a method
        // call also converts to RequestDelegate, which MapGet prefers, and its string is dropped (an empty 200); and the
        // .Unwoven build's Request Delegate Generator runs before Login's generator adds IUser to Customer and Admin, so a
        // body that needs them to be IUsers (LoginUserAsync(customer), GetCurrentUserAsync<Customer>()) has no return
        // type in its eyes, and it emits a handler that writes nothing (findings-collision.md F2).

        // Logging in with LoginUserAsync from a handler (the app checked a password, or an SSO callback).
        app.MapGet("/login/customer/{id:int}", async Task<string> (int id, bool? remember, bool? fresh, HttpContext http, Accounts accounts) =>
            await http.LoginUserAsync(accounts.Customers[id], remember: remember == true, fresh: fresh != false) ? "logged in" : "refused");
        app.MapGet("/login/admin/{id:int}", async Task<string> (int id, bool? remember, bool? fresh, HttpContext http, Accounts accounts) =>
            await http.LoginUserAsync(accounts.Admins[id], remember: remember == true, fresh: fresh != false) ? "logged in" : "refused");

        // The login form: one form for both kinds of account, as a shop with a staff checkbox would have.
        app.MapPost("/login", async Task<IResult> (HttpContext http, Accounts accounts) =>
        {
            var form = await http.Request.ReadFormAsync();
            var id = int.Parse(form["id"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            IUser user = form["kind"] == "admin" ? accounts.Admins[id] : accounts.Customers[id];
            await http.LoginUserAsync(user, remember: form["remember"] == "on");
            return Results.Redirect(LoginUrls.GetSafeRedirect(form["next"].ToString(), "/whoami"));
        });

        app.MapGet("/whoami", async Task<string> (HttpContext http) =>
        {
            var user = await http.GetCurrentUserAsync();
            if (user.IsAnonymous)
            {
                return "anonymous";
            }

            var customer = await http.GetCurrentUserAsync<Customer>();
            var admin = await http.GetCurrentUserAsync<Admin>();
            return $"{Describe(user)} fresh={await http.IsLoginFreshAsync()} remembered={await http.IsLoginRememberedAsync()} " +
                $"as-customer={customer?.Name ?? "null"} as-admin={admin?.Name ?? "null"}";
        });

        app.MapPost("/confirm", async Task<string> (HttpContext http) =>
        {
            await http.ConfirmLoginAsync();
            return "confirmed";
        });
        app.MapPost("/logout", async Task<string> (HttpContext http) =>
        {
            await http.LogoutUserAsync();
            return "logged out";
        });
        app.MapPost("/logout-everywhere", async Task<string> (HttpContext http) => $"ended {await http.LogoutEverywhereAsync()}");
        app.MapGet("/sessions", async Task<string> (HttpContext http) =>
            string.Join(' ', (await http.GetLoginSessionsAsync()).Select(s => $"{s.UserType}:{s.UserId}{(s.IsCurrent ? "*" : "")}")));
        app.MapGet("/sessions/ids", async Task<string> (HttpContext http) => string.Join(' ', (await http.GetLoginSessionsAsync()).Select(s => s.Id)));
        app.MapPost("/sessions/end/{id}", async Task<string> (string id, HttpContext http) => (await http.EndLoginSessionAsync(id)) ? "ended" : "not ended");

        // The guarded endpoints: woven in Login.UserTypes.Tests, guarded at run time in the .Unwoven build.
        app.MapGet("/any", [LoginRequired] async Task<string> (HttpContext http) =>
        {
            calls.Hit("/any");
            return "any: " + Describe(await http.GetCurrentUserAsync());
        });
        app.MapGet("/customer", [LoginRequired<Customer>] async Task<string> (HttpContext http) =>
        {
            calls.Hit("/customer");
            return "customer: " + Describe(await http.GetCurrentUserAsync());
        });
        app.MapGet("/customer/param", [LoginRequired] string (Customer customer) =>
        {
            calls.Hit("/customer/param");
            return "customer/param: " + Describe(customer);
        });
        app.MapGet("/customer/fresh", [FreshLoginRequired<Customer>] async Task<string> (HttpContext http) =>
        {
            calls.Hit("/customer/fresh");
            return "customer/fresh: " + Describe(await http.GetCurrentUserAsync());
        });
        app.MapGet("/admin", [LoginRequired<Admin>] async Task<string> (HttpContext http) =>
        {
            calls.Hit("/admin");
            return "admin: " + Describe(await http.GetCurrentUserAsync());
        });
        app.MapGet("/admin/param", [LoginRequired] string (Admin admin) =>
        {
            calls.Hit("/admin/param");
            return "admin/param: " + Describe(admin);
        });
        app.MapGet("/admin/fresh", [FreshLoginRequired<Admin>] async Task<string> (HttpContext http) =>
        {
            calls.Hit("/admin/fresh");
            return "admin/fresh: " + Describe(await http.GetCurrentUserAsync());
        });
    }

    /// <summary>Who a user is, as the tests compare it: the type's key, the id and the person's name.</summary>
    public static string Describe(IUser user) => user switch
    {
        Customer c => Describe(c),
        Admin a => Describe(a),
        _ when user.IsAnonymous => "anonymous",
        _ => $"{user.GetType().Name} {user.GetId()}",
    };

    // Overloads for handlers that take the user type: ASP.NET Core's Request Delegate Generator (the .Unwoven build) runs
    // before Login's generator adds IUser to Customer and Admin, so a handler that passes one as an IUser has no return
    // type in its eyes and it emits code that does not compile (findings-collision.md F2).
    public static string Describe(Customer customer) => $"Customer {customer.Id} {customer.Name}";

    public static string Describe(Admin admin) => $"admin {admin.Id} {admin.Name}";

    /// <summary>
    /// What every guarded endpoint answers this browser, one <c>path=answer</c> per endpoint: the status code, and for a
    /// redirect the path it goes to (the login view, or the refresh view). A 200 must come from the handler and name the
    /// user the browser is; anything else must not have run the handler.
    /// </summary>
    public static async Task<string> GuardsAsync(HttpClient browser, HandlerRuns calls, string? expectedUser = null)
    {
        var answers = new StringBuilder();
        foreach (var path in GuardedPaths)
        {
            var before = calls[path];
            using var response = await browser.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            var ran = calls[path] - before;
            string answer;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.True(ran == 1, $"{path} answered 200 but its handler ran {ran} times");
                Assert.True(expectedUser is null || body.EndsWith(": " + expectedUser, StringComparison.Ordinal),
                    $"{path} served \"{body}\", not {expectedUser}");
                answer = "200";
            }
            else
            {
                Assert.True(ran == 0, $"{path} answered {(int)response.StatusCode} but its handler ran {ran} times");
                answer = response.StatusCode == HttpStatusCode.Found
                    ? "302" + response.Headers.Location!.OriginalString.Split('?')[0]
                    : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            answers.Append(answers.Length == 0 ? "" : " ").Append(path).Append('=').Append(answer);
        }

        return answers.ToString();
    }

    /// <summary>What the guards answer, for each kind of browser (see <see cref="GuardsAsync"/>).</summary>
    public static class Expect
    {
        public const string Anonymous =
            "/any=302/login /customer=302/login /customer/param=302/login /customer/fresh=302/login " +
            "/admin=302/admin/login /admin/param=302/admin/login /admin/fresh=302/admin/login";

        public const string FreshCustomer =
            "/any=200 /customer=200 /customer/param=200 /customer/fresh=200 /admin=403 /admin/param=403 /admin/fresh=403";

        public const string StaleCustomer =
            "/any=200 /customer=200 /customer/param=200 /customer/fresh=302/reauth /admin=403 /admin/param=403 /admin/fresh=403";

        public const string FreshAdmin =
            "/any=200 /customer=403 /customer/param=403 /customer/fresh=403 /admin=200 /admin/param=200 /admin/fresh=200";

        public const string StaleAdmin =
            "/any=200 /customer=403 /customer/param=403 /customer/fresh=403 /admin=200 /admin/param=200 /admin/fresh=302/reauth";
    }
}

/// <summary>How many times each guarded handler ran.</summary>
public sealed class HandlerRuns
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int this[string path] => _calls.GetValueOrDefault(path);

    /// <summary>Counts a call of <paramref name="path"/>'s handler; returns a body for handlers with nothing else to say.</summary>
    public string Hit(string path)
    {
        _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        return "ran " + path;
    }
}
