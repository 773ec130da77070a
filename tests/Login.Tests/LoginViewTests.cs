using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Tests;

/// <summary>
/// One reading of a login view (a path, an absolute http(s) URL, or an endpoint name) for the options validator,
/// RequireLogin(view), the startup check and the challenge.
/// </summary>
public class LoginViewTests
{
    private const string WhatToWrite = "write a path that starts with '/' (e.g. \"/login\"), an absolute http(s) URL, the name of an endpoint";

    public static TheoryData<string, string> NotViews => new()
    {
        { "//evil.example/login", "starts with '//', which a browser reads as the start of another host" },
        { "/\\evil.example/login", "starts with '/\\', which a browser reads as the start of another host" },
        { "/login\\..\\x", "holds a backslash" },
        { "\\\\evil.example", "holds a backslash" },
        { "javascript:alert(1)", "must be http or https, not javascript" },
        { "ftp://files.example/login", "must be http or https, not ftp" },
        { "https:evil.example/login", "needs a host, as in \"https://auth.example/login\"" },
        { "https:///login", "needs a host" },
        { "https://good.example@evil.example/login", "must not hold a user name" },
        { "sign in", "holds whitespace or a control character" },
        { "/log\tin", "holds whitespace or a control character" },
        { "", "it is empty" },
        { "login!", "is not a path, an absolute http(s) URL, or an endpoint name" },
        { "-login", "is not a path, an absolute http(s) URL, or an endpoint name" },
    };

    public static TheoryData<string> Views => new()
    {
        "/login", "/login?lang=en", "/connexion-\u00e9t\u00e9", "https://auth.example/login", "HTTP://auth.example:8080/login?x=1",
        "login-page", "Account.Login", "_sign_in2",
    };

    [Theory]
    [MemberData(nameof(NotViews))]
    public async Task The_options_validator_says_why_and_what_to_write(string view, string why)
    {
        var login = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.LoginView = view));
        var refresh = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.RefreshView = view));

        Assert.Contains($"LoginOptions.LoginView is \"{view}\": ", login.Message);
        Assert.Contains(why, login.Message);
        Assert.Contains(WhatToWrite, login.Message);
        Assert.Contains($"LoginOptions.RefreshView is \"{view}\": ", refresh.Message);
    }

    [Theory]
    [MemberData(nameof(NotViews))]
    public void RequireLogin_refuses_the_same_views_at_once(string view, string why)
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var login = Assert.Throws<ArgumentException>(() => app.MapGroup("/g").RequireLogin(view));
        var fresh = Assert.Throws<ArgumentException>(() => app.MapGroup("/f").RequireFreshLogin(view));

        Assert.Equal("loginView", login.ParamName);
        Assert.Contains($"The login view is \"{view}\": ", login.Message);
        Assert.Contains(why, login.Message);
        Assert.Contains(WhatToWrite, login.Message);
        Assert.Equal(login.Message, fresh.Message);
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task A_view_the_validator_accepts_RequireLogin_accepts(string view)
    {
        // TestApp names its login form "login-page"; any other name gets an endpoint here.
        var endpointName = view is ['/', ..] || view.Contains("://") || view == "login-page" ? "unused" : view;
        await using var app = await TestApp.StartAsync(o => o.LoginView = view, map: app =>
        {
            app.MapGroup("/g").RequireLogin(view).MapGet("/x", () => "x");
            app.MapGet("/named", () => "named").WithName(endpointName);
        });

        Assert.Equal(HttpStatusCode.Found, (await app.NewBrowser().GetAsync("/g/x")).Status);
    }

    [Fact]
    public async Task The_startup_check_names_a_group_view_that_names_no_endpoint()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(map: app =>
        {
            app.MapGroup("/members").RequireLogin("member-login").MapGet("/home", () => "home");
            app.MapGroup("/vault").RequireFreshLogin("vault-login").MapGet("/open", () => "open");
        }));

        Assert.Contains("The login view given to RequireLogin/RequireFreshLogin for 'HTTP: GET /members/home' is \"member-login\"", error.Message);
        Assert.Contains(".WithName(\"member-login\")", error.Message);
        Assert.Contains("for 'HTTP: GET /vault/open' is \"vault-login\"", error.Message);
        Assert.DoesNotContain("LoginOptions.LoginView", error.Message);
    }

    [Fact]
    public async Task The_challenge_resolves_a_path_under_the_path_base_keeping_its_query()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "/login?lang=en");

        Assert.Equal("/login?lang=en&next=%2Fsecret", (await app.NewBrowser().GetAsync("/secret")).Location);
        Assert.Equal("/app/login?lang=en&next=%2Fapp%2Fsecret", (await UnderPathBase(app, "/app").GetAsync("secret")).Location);
    }

    [Fact]
    public async Task The_challenge_resolves_a_path_under_the_path_base_with_the_next_in_the_session()
    {
        await using var app = await TestApp.StartAsync(o => (o.LoginView, o.UseSessionForNext) = ("/login?lang=en", true));
        var browser = UnderPathBase(app, "/app");

        Assert.Equal("/app/login?lang=en", (await browser.GetAsync("secret?x=1")).Location);
        Assert.Equal("/app/secret?x=1", (await browser.GetAsync("session-next")).Body);
    }

    [Fact]
    public async Task The_challenge_resolves_a_non_ASCII_path_in_ASCII()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "/connexion-\u00e9t\u00e9?langue=fran\u00e7ais");

        Assert.Equal("/connexion-%C3%A9t%C3%A9?langue=fran%C3%A7ais&next=%2Fsecret", (await app.NewBrowser().GetAsync("/secret")).Location);
    }

    [Fact]
    public async Task The_challenge_resolves_an_absolute_URL_with_its_host_in_punycode()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "https://b\u00fccher.example/login");

        Assert.Equal("https://xn--bcher-kva.example/login?next=http%3A%2F%2Flocalhost%2Fsecret", (await app.NewBrowser().GetAsync("/secret")).Location);
    }

    [Fact]
    public async Task The_challenge_resolves_an_endpoint_name_for_the_options_and_for_a_group()
    {
        await using var app = await TestApp.StartAsync(o => o.LoginView = "login-page", map: app =>
        {
            app.MapGet("/members/sign-in", () => "members sign in").WithName("members.sign-in");
            app.MapGroup("/members").RequireLogin("members.sign-in").MapGet("/home", () => "home");
        });

        Assert.Equal("/login?next=%2Fsecret", (await app.NewBrowser().GetAsync("/secret")).Location);
        Assert.Equal("/members/sign-in?next=%2Fmembers%2Fhome", (await app.NewBrowser().GetAsync("/members/home")).Location);
        Assert.Equal("/app/members/sign-in?next=%2Fapp%2Fmembers%2Fhome", (await UnderPathBase(app, "/app").GetAsync("members/home")).Location);
    }

    /// <summary>A browser whose requests arrive under <paramref name="pathBase"/>: TestServer takes PathBase from its base address.</summary>
    private static TestBrowser UnderPathBase(TestApp app, string pathBase)
    {
        var server = (TestServer)app.Services.GetRequiredService<IServer>();
        var original = server.BaseAddress;
        server.BaseAddress = new Uri("http://localhost" + pathBase + "/");
        try
        {
            return new TestBrowser(server.CreateClient(), app.Clock);
        }
        finally
        {
            server.BaseAddress = original;
        }
    }
}
