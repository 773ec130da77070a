using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
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
        app.MapPost("/login/customer/{id:int}", async (int id, bool? remember, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Customers[id], remember: remember ?? false);
            return Results.Ok();
        });
        app.MapPost("/login/admin/{id:int}", async (int id, bool? remember, HttpContext http, Accounts accounts) =>
        {
            await http.LoginUserAsync(accounts.Admins[id], remember: remember ?? false);
            return Results.Ok();
        });
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
}
