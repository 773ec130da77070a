using System.Net;
using Login.Guards;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Login.GuardSuite;

/// <summary>
/// The attacker's view of every guarded route shape, by every method, in every pipeline shape: an anonymous request
/// never runs a guarded handler. Runs woven (Login.Tests) and unwoven (Login.RequestDelegateGenerator.Tests).
/// </summary>
public class GuardSuiteTests
{
#if LOGIN_UNWOVEN
    private const bool Woven = false;
#else
    private const bool Woven = true;
#endif

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"];

    public static TheoryData<PipelineShape> Shapes => new(Enum.GetValues<PipelineShape>());

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task No_anonymous_request_runs_a_guarded_handler_by_any_method(PipelineShape shape)
    {
        await using var app = await GuardSuiteApp.StartAsync(shape);
        var client = app.NewClient();
        var wrong = new List<string>();

        foreach (var path in GuardSuiteApp.GuardedPaths)
        {
            foreach (var method in Methods)
            {
                using var response = await client.SendAsync(method, path);
                var answer = $"{method} {path}: {(int)response.StatusCode} {response.Headers.Location}";
                if (method == "OPTIONS")
                {
                    // An exempt method is answered by the guard, never by the handler.
                    if (response.StatusCode != HttpStatusCode.NoContent)
                    {
                        wrong.Add(answer + " (expected 204)");
                    }
                }
                else if (response.StatusCode != HttpStatusCode.Found
                    || response.Headers.Location?.OriginalString != "/login?next=" + Uri.EscapeDataString(path))
                {
                    wrong.Add(answer + " (expected 302 to the login view)");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Empty(app.Runs.All);
    }

    [Fact]
    public async Task OPTIONS_is_answered_with_the_methods_of_the_endpoint_for_anyone_and_runs_no_handler()
    {
        await using var app = await GuardSuiteApp.StartAsync();
        var client = app.NewClient();

        using var anonymous = await client.SendAsync("OPTIONS", "/suite/methods");
        Assert.Equal(HttpStatusCode.NoContent, anonymous.StatusCode);
        Assert.Equal(["GET", "POST", "OPTIONS"], anonymous.Content.Headers.Allow);

        await client.SendAsync("GET", "/suite/login/1");
        using var loggedIn = await client.SendAsync("OPTIONS", "/suite/methods");
        Assert.Equal(HttpStatusCode.NoContent, loggedIn.StatusCode);
        Assert.Equal("", await loggedIn.Content.ReadAsStringAsync());
        Assert.Empty(app.Runs.All);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_logged_in_user_reaches_every_guarded_handler(PipelineShape shape)
    {
        await using var app = await GuardSuiteApp.StartAsync(shape);
        var client = app.NewClient();
        await client.SendAsync("GET", "/suite/login/1");

        (string Method, string Path, string Body)[] expected =
        [
            ("GET", "/suite/get", "ran get"), ("POST", "/suite/post", "ran post"), ("PUT", "/suite/put", "ran put"),
            ("DELETE", "/suite/delete", "ran delete"), ("PATCH", "/suite/patch", "ran patch"), ("POST", "/suite/methods", "ran methods"),
            ("TRACE", "/suite/map", "ran map"), ("GET", "/suite/group/inner", "ran group"), ("GET", "/suite/static", "ran static"),
            ("GET", "/suite/instance", "ran instance"), ("GET", "/suite/local", "ran local"), ("GET", "/suite/fresh", "ran fresh"),
            ("GET", "/suite/short-circuit", "ran short-circuit"), ("GET", "/suite/guarded-group/short-circuit", "ran group short-circuit"),
            ("GET", "/suite/delegate", "ran delegate"), ("PUT", "/suite/fallback/x", "ran fallback"), ("GET", "/no/such/route", "ran fallback"),
            ("GET", "/suite/page", "ran page"), ("POST", "/suite/controller", "ran controller"), ("GET", "/suite/fallback-page/x", "ran page"),
            ("DELETE", "/suite/fallback-controller/x", "ran controller"), ("PATCH", "/suite/dynamic-page/x", "ran page"),
            ("PUT", "/suite/dynamic-controller/x", "ran controller"),
        ];
        foreach (var (method, path, body) in expected)
        {
            using var response = await client.SendAsync(method, path);
            Assert.Equal((method, path, HttpStatusCode.OK, body), (method, path, response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim()));
        }
    }

    [Fact]
    public async Task A_stale_login_does_not_reach_a_fresh_only_handler()
    {
        await using var app = await GuardSuiteApp.StartAsync();
        var client = app.NewClient();
        await client.SendAsync("GET", "/suite/login/1?fresh=false");

        using var stale = await client.SendAsync("GET", "/suite/fresh");
        using var notFresh = await client.SendAsync("GET", "/suite/get");

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode); // no RefreshView: 401
        Assert.Equal(HttpStatusCode.OK, notFresh.StatusCode);
        Assert.Equal(["get"], app.Runs.All);
    }

    [Theory]
    [InlineData("/suite/opted-out", "open")]
    [InlineData("/suite/open-group/inside", "open inside")]
    public async Task AllowAnonymous_wins_over_a_requirement(string path, string body)
    {
        await using var app = await GuardSuiteApp.StartAsync();

        using var response = await app.NewClient().SendAsync("GET", path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_suite_ran_through_the_guard_it_is_compiled_for()
    {
        await using var app = await GuardSuiteApp.StartAsync();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        foreach (var pattern in GuardSuiteApp.WeavablePatterns)
        {
            var endpoint = Assert.Single(endpoints, e => e.RoutePattern.RawText == pattern);
            Assert.Equal((pattern, Woven), (pattern, endpoint.Metadata.GetMetadata<GuardedEndpointMetadata>()?.IsWoven ?? false));
        }
    }
}
