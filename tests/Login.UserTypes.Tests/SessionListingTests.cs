using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.UserTypes.Tests;

/// <summary>
/// Listing and ending logins when Customer 5 and Admin 5 are two people (issue 18): over HTTP (<c>GetLoginSessionsAsync</c>,
/// <c>EndLoginSessionAsync</c>, <c>LogoutEverywhereAsync</c>) and through <see cref="ILoginSessions"/>, each keeps to
/// the one user it names.
/// </summary>
public sealed class SessionListingTests
{
    private sealed record SessionView(string Id, string UserId, string UserType, bool IsCurrent);

    private static void Map(WebApplication app)
    {
        app.MapPost("/login/customer/{id:int}", async (int id, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Customers[id], remember: true);
            return Results.NoContent();
        });
        app.MapPost("/login/admin/{id:int}", async (int id, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Admins[id], remember: true);
            return Results.NoContent();
        });
        app.MapGet("/whoami", async (HttpContext http) =>
            await http.GetCurrentUserAsync() is { IsAnonymous: false } user ? $"{user.GetType().Name} {user.GetId()}" : "anonymous");
        // One line per login, "id user-id user-type current". Block bodies: an expression-bodied async lambda taking only
        // HttpContext whose body is a method call binds as a RequestDelegate, and its result is never written.
        app.MapGet("/sessions", async (HttpContext http) =>
        {
            var sessions = await http.GetLoginSessionsAsync();
            return string.Join('\n', sessions.Select(s => $"{s.Id} {s.UserId} {s.UserType} {s.IsCurrent}"));
        });
        app.MapPost("/sessions/{id}/end", async (string id, HttpContext http) =>
            await http.EndLoginSessionAsync(id) ? Results.NoContent() : Results.NotFound());
        app.MapPost("/logout-everywhere", async (HttpContext http) =>
        {
            var ended = await http.LogoutEverywhereAsync(keepCurrent: true);
            return ended.ToString(CultureInfo.InvariantCulture);
        });
    }

    private static async Task<HttpClient> LoggedInAsync(UserTypesApp app, string path)
    {
        var browser = app.NewBrowser(out _);
        var login = await browser.PostAsync($"/login/{path}", null);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return browser;
    }

    private static async Task<List<SessionView>> SessionsOfAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(line => line.Split(' ')).Select(f => new SessionView(f[0], f[1], f[2], bool.Parse(f[3]))).ToList();
    }

    private static async Task<int> LogoutEverywhereAsync(HttpClient browser)
    {
        var response = await browser.PostAsync("/logout-everywhere", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A login of <paramref name="userType"/>'s user <paramref name="userId"/>, recorded as a login of that type is.</summary>
    private static async Task<LoginFamily> RecordedLoginAsync(UserTypesApp app, string userType, string userId)
    {
        var now = app.Clock.GetUtcNow();
        var family = new LoginFamily
        {
            Id = LoginFamily.NewId(), UserId = userId, UserType = userType, CreatedAt = now, LastSeenAt = now, ExpiresAt = now.AddDays(1),
        };
        await app.Services.GetRequiredService<ILoginSessionStore>().CreateAsync(family, default);
        return family;
    }

    // The runtime's side alone: an app that uses the Customer type, and an Admin 5 login recorded in its store as an app
    // with both types records one. Customer 5's requests neither list nor end it.
    [Fact]
    public async Task A_login_of_another_user_type_with_the_same_id_is_neither_listed_nor_ended_by_the_users_requests()
    {
        await using var app = await UserTypesApp.StartAsync(Map, o => o.UserType = typeof(Customer));
        var first = await LoggedInAsync(app, "customer/5");
        var second = await LoggedInAsync(app, "customer/5");
        var admin5 = await RecordedLoginAsync(app, "admin", "5");
        var store = app.Services.GetRequiredService<ILoginSessionStore>();

        var listed = await SessionsOfAsync(first);
        Assert.Equal(2, listed.Count);
        Assert.All(listed, s => Assert.Equal(("5", "Customer"), (s.UserId, s.UserType)));
        Assert.DoesNotContain(admin5.Id, listed.Select(s => s.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await first.PostAsync($"/sessions/{admin5.Id}/end", null)).StatusCode);
        Assert.Null((await store.FindAsync(admin5.Id, default))!.EndedAt);

        Assert.Equal(1, await LogoutEverywhereAsync(first));
        Assert.Equal("Customer 5", await first.GetStringAsync("/whoami"));
        Assert.Equal("anonymous", await second.GetStringAsync("/whoami"));
        Assert.Null((await store.FindAsync(admin5.Id, default))!.EndedAt);
        Assert.Equal([listed.Single(s => s.IsCurrent).Id], (await app.Services.GetRequiredService<ILoginSessions>().ListAsync("5")).Select(s => s.Id));
    }

    [Fact]
    public async Task ILoginSessions_lists_and_ends_the_logins_of_the_type_it_is_given()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        var customers = new[] { await RecordedLoginAsync(app, "Customer", "5"), await RecordedLoginAsync(app, "Customer", "5") };
        var admins = new[] { await RecordedLoginAsync(app, "admin", "5"), await RecordedLoginAsync(app, "admin", "5") };
        var sessions = app.Services.GetRequiredService<ILoginSessions>();

        Assert.Equal(admins.Select(f => f.Id).Order(), (await sessions.ListAsync<Admin>("5")).Select(s => s.Id).Order());
        Assert.Equal(customers.Select(f => f.Id).Order(), (await sessions.ListAsync(app.Accounts.Customers[5])).Select(s => s.Id).Order());
        Assert.All(await sessions.ListAsync(app.Accounts.Admins[5]), s => Assert.Equal("admin", s.UserType));

        Assert.Equal(2, await sessions.EndAllAsync<Admin>("5"));
        Assert.Empty(await sessions.ListAsync<Admin>("5"));
        Assert.Equal(2, (await sessions.ListAsync<Customer>("5")).Count);
        Assert.Equal(2, await sessions.EndAllAsync(app.Accounts.Customers[5]));
        Assert.Empty(await sessions.ListAsync<Customer>("5"));
    }

    [Fact]
    public async Task ILoginSessions_refuses_an_id_alone_when_the_app_has_several_user_types_and_says_what_to_call()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        var admin5 = await RecordedLoginAsync(app, "admin", "5");
        var sessions = app.Services.GetRequiredService<ILoginSessions>();

        var list = await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.ListAsync("5"));
        var endAll = await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.EndAllAsync("5"));

        Assert.Contains("Customer \"Customer\", Admin \"admin\"", list.Message, StringComparison.Ordinal);
        Assert.Contains("ListAsync<Customer>(userId)", list.Message, StringComparison.Ordinal);
        Assert.Contains("ListAsync(user)", list.Message, StringComparison.Ordinal);
        Assert.Contains("EndAllAsync<Customer>(userId)", endAll.Message, StringComparison.Ordinal);
        Assert.Null((await app.Services.GetRequiredService<ILoginSessionStore>().FindAsync(admin5.Id, default))!.EndedAt);
    }

    [Fact]
    public async Task LoginTestClient_records_the_login_as_its_users_type()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        var sessions = app.Services.GetRequiredService<ILoginSessions>();

        _ = Login.Testing.LoginTestClient.CreateSessionCookie(app.Services, app.Accounts.Admins[5]);

        var listed = Assert.Single(await sessions.ListAsync<Admin>("5"));
        Assert.Equal(("5", "admin"), (listed.UserId, listed.UserType));
        Assert.Empty(await sessions.ListAsync<Customer>("5"));
        var refused = Assert.Throws<ArgumentException>(() => Login.Testing.LoginTestClient.CreateSessionCookie(app.Services, new Visitor()));
        Assert.Contains(typeof(Visitor).FullName!, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A user to the compiler (it implements <see cref="IUser"/>), but no [LoginUser] type of the app.</summary>
    private sealed class Visitor : IUser
    {
        public bool IsAuthenticated => true;

        public bool IsActive => true;

        public bool IsAnonymous => false;

        public string? GetId() => "5";
    }

    // Needs the runtime to log in and restore each user type by its own loader (issue 18, the identity part).
    [Fact]
    public async Task Admin_5_and_Customer_5_each_list_only_their_own_logins_and_ending_all_of_one_leaves_the_other()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        var admin = new[] { await LoggedInAsync(app, "admin/5"), await LoggedInAsync(app, "admin/5") };
        var customer = new[] { await LoggedInAsync(app, "customer/5"), await LoggedInAsync(app, "customer/5") };

        Assert.Equal("Admin 5", await admin[1].GetStringAsync("/whoami"));
        Assert.Equal("Customer 5", await customer[1].GetStringAsync("/whoami"));
        var ofAdmin = await SessionsOfAsync(admin[0]);
        var ofCustomer = await SessionsOfAsync(customer[0]);
        Assert.Equal(2, ofAdmin.Count);
        Assert.Equal(2, ofCustomer.Count);
        Assert.All(ofAdmin, s => Assert.Equal(("5", "admin"), (s.UserId, s.UserType)));
        Assert.All(ofCustomer, s => Assert.Equal(("5", "Customer"), (s.UserId, s.UserType)));
        Assert.Empty(ofAdmin.Select(s => s.Id).Intersect(ofCustomer.Select(s => s.Id)));
        Assert.Equal(ofAdmin.Select(s => s.Id).Order(), (await SessionsOfAsync(admin[1])).Select(s => s.Id).Order());

        // An admin tool ends every login of Admin 5: both admin browsers are logged out, both customer browsers are not.
        Assert.Equal(2, await app.Services.GetRequiredService<ILoginSessions>().EndAllAsync<Admin>("5"));

        Assert.Equal("anonymous", await admin[0].GetStringAsync("/whoami"));
        Assert.Equal("anonymous", await admin[1].GetStringAsync("/whoami"));
        Assert.Equal("Customer 5", await customer[0].GetStringAsync("/whoami"));
        Assert.Equal("Customer 5", await customer[1].GetStringAsync("/whoami"));
        Assert.Equal(ofCustomer.Select(s => s.Id).Order(), (await SessionsOfAsync(customer[1])).Select(s => s.Id).Order());
    }

    // Needs the runtime to log in and restore each user type by its own loader (issue 18, the identity part).
    [Fact]
    public async Task A_user_ends_and_logs_out_everywhere_only_their_own_logins_not_the_other_types_user_with_the_same_id()
    {
        await using var app = await UserTypesApp.StartAsync(Map);
        var admin = new[] { await LoggedInAsync(app, "admin/5"), await LoggedInAsync(app, "admin/5") };
        var customer = new[] { await LoggedInAsync(app, "customer/5"), await LoggedInAsync(app, "customer/5") };
        var adminSessions = await SessionsOfAsync(admin[0]);

        // Customer 5 asks to end one of Admin 5's logins by its id: refused, and Admin 5 stays logged in.
        foreach (var session in adminSessions)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await customer[0].PostAsync($"/sessions/{session.Id}/end", null)).StatusCode);
        }

        Assert.Equal("Admin 5", await admin[0].GetStringAsync("/whoami"));
        Assert.Equal("Admin 5", await admin[1].GetStringAsync("/whoami"));

        // Customer 5 logs out everywhere else: the other customer browser only.
        Assert.Equal(1, await LogoutEverywhereAsync(customer[0]));
        Assert.Equal("Customer 5", await customer[0].GetStringAsync("/whoami"));
        Assert.Equal("anonymous", await customer[1].GetStringAsync("/whoami"));
        Assert.Equal(adminSessions.Select(s => s.Id).Order(), (await SessionsOfAsync(admin[1])).Select(s => s.Id).Order());

        // Admin 5 ends its other login by id: that one only.
        var other = adminSessions.Single(s => !s.IsCurrent);
        Assert.Equal(HttpStatusCode.NoContent, (await admin[0].PostAsync($"/sessions/{other.Id}/end", null)).StatusCode);
        Assert.Equal("Admin 5", await admin[0].GetStringAsync("/whoami"));
        Assert.Equal("anonymous", await admin[1].GetStringAsync("/whoami"));
        Assert.Equal("Customer 5", await customer[0].GetStringAsync("/whoami"));
    }
}
