using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>Login among the rest of ASP.NET Core: API clients, HttpContext.User, [Authorize] and policies.</summary>
public class IntegrationTests
{
    [Fact]
    public async Task An_API_endpoint_answers_401_with_ProblemDetails_instead_of_a_redirect()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.NewBrowser().GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Null(response.Location);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Unauthorized", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("X-Requested-With", "XMLHttpRequest")]
    [InlineData("Accept", "application/json")]
    public async Task A_script_or_a_client_asking_for_JSON_gets_401(string header, string value)
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.NewBrowser().GetAsync("/secret", null, (header, value));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Contains("\"status\":401", response.Body);
    }

    [Fact]
    public async Task A_browser_still_gets_the_redirect_and_AllowCookieRedirect_opts_an_API_back_in()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/secret", null, ("Accept", "text/html,application/json;q=0.9"))).Status);
        Assert.Equal("/login?next=%2Fapi%2Fme-html", (await browser.GetAsync("/api/me-html")).Location);
    }

    [Fact]
    public async Task The_401_for_API_requests_can_be_turned_off()
    {
        await using var app = await TestApp.StartAsync(o => o.ApiRequestsGet401 = false);

        Assert.Equal("/login?next=%2Fapi%2Fme", (await app.NewBrowser().GetAsync("/api/me")).Location);
    }

    [Fact]
    public async Task A_logged_in_API_client_gets_its_JSON()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        Assert.Equal("{\"id\":1}", (await browser.GetAsync("/api/me")).Body);
    }

    [Fact]
    public async Task A_guarded_handler_sees_the_user_as_HttpContext_User()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        Assert.Equal("Login:1:1", (await browser.GetAsync("/claims")).Body);
    }

    [Fact]
    public async Task Authorize_and_policies_work_with_the_Login_scheme_and_challenge_to_the_login_view()
    {
        await using var app = await TestApp.StartAsync(
            services: s =>
            {
                s.AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin();
                s.AddAuthorization(o => o.AddPolicy("user-1", p => p.RequireClaim(System.Security.Claims.ClaimTypes.NameIdentifier, "1")));
            },
            map: a =>
            {
                a.MapGet("/authorized", (HttpContext http) => $"hello {http.User.Identity?.Name}").RequireAuthorization();
                a.MapGet("/only-user-1", () => "for 1").RequireAuthorization("user-1");
            });
        var browser = app.NewBrowser();

        Assert.Equal("/login?next=%2Fauthorized", (await browser.GetAsync("/authorized")).Location);

        Assert.Equal("/login?next=%2Fonly-user-1", (await browser.GetAsync("/only-user-1")).Location);

        await browser.GetAsync("/login/1");
        Assert.Equal("hello 1", (await browser.GetAsync("/authorized")).Body);
        Assert.Equal("for 1", (await browser.GetAsync("/only-user-1")).Body);

        // The failing side: another logged-in user is authenticated and passes [Authorize], but not the policy.
        app.Directory.Users[3] = new TestUser { Id = 3 };
        var other = app.NewBrowser();
        Assert.Equal("logged in", (await other.GetAsync("/login/3")).Body);
        Assert.Equal("hello 3", (await other.GetAsync("/authorized")).Body);
        var forbidden = await other.GetAsync("/only-user-1");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Null(forbidden.Location);
        Assert.NotEqual("for 1", forbidden.Body);
    }

    [Fact]
    public async Task Rate_limiter_partitions_see_the_logged_in_user()
    {
        await using var app = await TestApp.StartAsync(
            services: s =>
            {
                s.AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin();
                s.AddRateLimiter(o =>
                {
                    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    o.AddPolicy("per-user", http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                        http.User.Identity?.Name ?? "anonymous",
                        _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1) }));
                });
            },
            map: a =>
            {
                a.UseRateLimiter();
                a.MapGet("/limited", [LoginRequired] (HttpContext http) => $"limited for {http.User.Identity?.Name}").RequireRateLimiting("per-user");
            });
        var first = app.NewBrowser();
        var second = app.NewBrowser();
        await first.GetAsync("/login/1");
        await second.GetAsync("/login/1?force=true");
        var third = app.NewBrowser();
        await third.GetAsync("/login/2?force=true");

        Assert.Equal("limited for 1", (await first.GetAsync("/limited")).Body);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.GetAsync("/limited")).Status); // same user, same partition
        Assert.Equal(HttpStatusCode.Found, (await third.GetAsync("/limited")).Status); // user 2 is inactive: not authenticated
    }
}
