using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Tests;

/// <summary>
/// SPEC §9: <c>AddLogin()</c> alone makes Login the default authentication scheme, so <c>HttpContext.User</c>,
/// <c>[Authorize]</c>, roles from <c>[LoginClaim]</c>, policies and antiforgery see the Login user on every request. None of
/// these apps writes <c>AddAuthentication</c>, except where the test is about an app that does.
/// </summary>
public class AuthenticationSchemeTests
{
    private const string Admin = "/login/3";

    [Fact]
    public async Task A_kept_copy_of_a_logged_out_cookie_leaves_HttpContext_User_anonymous()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var kept = new Dictionary<string, string>(browser.Cookies);
        Assert.Equal("authenticated 1", (await browser.GetAsync("/user")).Body);

        await browser.GetAsync("/logout");
        browser.Cookies.Clear();
        foreach (var (name, value) in kept)
        {
            browser.Cookies[name] = value;
        }

        Assert.Equal("anonymous", (await browser.GetAsync("/user")).Body);
    }

    [Fact]
    public async Task A_session_stamp_change_leaves_HttpContext_User_anonymous()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.Equal("authenticated 1", (await browser.GetAsync("/user")).Body);

        app.Directory.Users[1].PasswordHash = "hash-2";

        Assert.Equal("anonymous", (await browser.GetAsync("/user")).Body);
    }

    [Fact]
    public async Task HttpContext_User_is_the_Login_user_on_an_unguarded_endpoint()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        Assert.Equal("anonymous", (await browser.GetAsync("/user")).Body);

        await browser.GetAsync("/login/1");

        Assert.Equal("authenticated 1", (await browser.GetAsync("/user")).Body);
        Assert.Equal("Login:1", (await browser.GetAsync("/identity")).Body);
    }

    [Fact]
    public async Task A_request_without_cookies_is_anonymous_without_a_Login_principal_or_a_load()
    {
        await using var app = await StartAsync();
        var loads = app.Directory.Loads;

        var response = await app.NewBrowser().GetAsync("/principal");

        Assert.Equal("ClaimsPrincipal authenticated=False", response.Body);
        Assert.Equal(loads, app.Directory.Loads);
    }

    [Fact]
    public async Task A_guarded_request_loads_the_user_once_for_the_scheme_and_the_guard()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var loads = app.Directory.Loads;

        Assert.Equal("authenticated 1", (await browser.GetAsync("/guarded-user")).Body);

        Assert.Equal(1, app.Directory.Loads - loads);
    }

    [Fact]
    public async Task Authorize_sends_anonymous_browsers_to_the_login_view_and_API_clients_a_401()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();

        var redirect = await browser.GetAsync("/authorized");
        var api = await browser.GetAsync("/authorized", null, ("Accept", "application/json"));

        Assert.Equal(HttpStatusCode.Found, redirect.Status);
        Assert.Equal("/login?next=%2Fauthorized", redirect.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
    }

    [Fact]
    public async Task Authorize_serves_a_logged_in_user()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        var response = await browser.GetAsync("/authorized");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("hello 1", response.Body);
    }

    [Fact]
    public async Task Authorize_with_roles_serves_an_admin_and_forbids_anyone_else()
    {
        await using var app = await StartAsync();
        var admin = app.NewBrowser();
        await admin.GetAsync(Admin);
        var user = app.NewBrowser();
        await user.GetAsync("/login/1");

        var served = await admin.GetAsync("/admin-only");
        var forbidden = await user.GetAsync("/admin-only");

        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal("admin 3", served.Body);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
    }

    [Fact]
    public async Task LoginClaim_members_are_claims_of_the_user()
    {
        await using var app = await StartAsync();
        var admin = app.NewBrowser();
        await admin.GetAsync(Admin);

        var claims = (await admin.GetAsync("/claims-list")).Body;

        Assert.Equal(
            $"{ClaimTypes.NameIdentifier}=3|{LoginDefaults.UserTypeClaimType}=TestUser|{ClaimTypes.Role}=admin|{ClaimTypes.Role}=editor|{ClaimTypes.Email}=ada@example.com|plan=Pro",
            claims);
    }

    [Fact]
    public async Task A_claim_policy_sees_the_LoginClaim_members()
    {
        await using var app = await StartAsync(services: s => s.AddAuthorization(o =>
            o.AddPolicy("example-mail", p => p.RequireClaim(ClaimTypes.Email, "ada@example.com"))));
        var admin = app.NewBrowser();
        await admin.GetAsync(Admin);
        var user = app.NewBrowser();
        await user.GetAsync("/login/1");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/mail-policy")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/mail-policy")).Status);
    }

    [Fact]
    public async Task The_logout_form_of_a_guarded_page_posts_with_a_valid_antiforgery_token()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");
        var page = await browser.GetAsync("/form");
        var token = Regex.Match(page.Body, "value=\"([^\"]+)\"").Groups[1].Value;

        var posted = await browser.PostFormAsync("/form-logout", ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal("logged out", posted.Body);
        Assert.Equal("anonymous", (await browser.GetAsync("/user")).Body);
    }

    [Fact]
    public async Task An_app_whose_default_scheme_is_its_own_cookie_scheme_keeps_it()
    {
        await using var app = await StartAsync(services: s =>
            s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie());
        var options = app.Services.GetRequiredService<IOptions<AuthenticationOptions>>().Value;
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        Assert.Equal(CookieAuthenticationDefaults.AuthenticationScheme, options.DefaultScheme);
        Assert.NotNull(await schemes.GetSchemeAsync(LoginDefaults.AuthenticationScheme));
        Assert.Equal("anonymous", (await browser.GetAsync("/user")).Body); // the cookie scheme's user: nobody signed in with it
        Assert.Equal("secret of 1", (await browser.GetAsync("/secret")).Body); // the guards work as before
    }

    [Fact]
    public async Task An_app_that_still_writes_the_second_line_starts_and_works()
    {
        await using var app = await StartAsync(services: s => s.AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin().AddLogin());
        var browser = app.NewBrowser();
        Assert.Equal("/login?next=%2Fauthorized", (await browser.GetAsync("/authorized")).Location);

        await browser.GetAsync("/login/1");

        Assert.Equal("hello 1", (await browser.GetAsync("/authorized")).Body);
    }

    private static Task<TestApp> StartAsync(Action<IServiceCollection>? services = null) => TestApp.StartAsync(
        services: s =>
        {
            s.AddAntiforgery();
            services?.Invoke(s);
        },
        map: app =>
        {
            app.Services.GetRequiredService<UserDirectory>().Users[3] =
                new TestUser { Id = 3, Roles = ["admin", "editor"], Email = "ada@example.com", Plan = Plan.Pro };
            app.UseAntiforgery();
            app.MapGet("/user", (HttpContext http) =>
                http.User.Identity is { IsAuthenticated: true } ? $"authenticated {http.User.FindFirstValue(ClaimTypes.NameIdentifier)}" : "anonymous");
            app.MapGet("/guarded-user", [LoginRequired] (HttpContext http) => $"authenticated {http.User.FindFirstValue(ClaimTypes.NameIdentifier)}");
            app.MapGet("/identity", (HttpContext http) => $"{http.User.Identity?.AuthenticationType}:{http.User.Identity?.Name}");
            app.MapGet("/principal", (HttpContext http) => $"{http.User.GetType().Name} authenticated={http.User.Identity?.IsAuthenticated}");
            app.MapGet("/claims-list", (HttpContext http) => string.Join("|", http.User.Claims.Select(c => $"{c.Type}={c.Value}")));
            app.MapGet("/authorized", [Authorize] (HttpContext http) => $"hello {http.User.Identity?.Name}");
            app.MapGet("/admin-only", [Authorize(Roles = "admin")] (HttpContext http) => $"admin {http.User.Identity?.Name}");
            app.MapGet("/mail-policy", () => "mail").RequireAuthorization("example-mail");
            // A guarded page with a logout form, and the unguarded logout it posts to: antiforgery binds its token to
            // HttpContext.User, which must be the same user on both.
            app.MapGet("/form", [LoginRequired] (HttpContext http, IAntiforgery antiforgery) =>
                $"<form><input name=\"__RequestVerificationToken\" value=\"{antiforgery.GetAndStoreTokens(http).RequestToken}\"></form>");
            app.MapPost("/form-logout", async (HttpContext http, [FromForm] string __RequestVerificationToken) =>
            {
                await http.LogoutUserAsync();
                return "logged out";
            }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        });
}
