using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.UserTypes.Tests;

/// <summary>
/// A user type's key changes between two deploys of one app, or the type is gone: the deploys share one DataProtection
/// key directory and one SQLite store, so the new deploy can read the old one's cookies and find its logins. The cookies
/// name a type the new deploy does not have: they are nobody there (anonymous, logged, never a 500, a guarded page goes
/// to the login view), and above all never the new deploy's user with the same id.
/// </summary>
/// <remarks>
/// Deploy "Customer" uses only <see cref="Customer"/> (key "Customer"), deploy "admin" only <see cref="Admin"/> (key
/// "admin"), through <see cref="LoginOptions.UserType"/>: to the app, a login recorded as "Customer" arriving at deploy
/// "admin" is exactly a type renamed from "Customer" to "admin" between deploys (or removed, and another added). Id 5
/// exists in both, so a deploy that took the old cookie for its only type would serve Admin 5 to Customer 5's browser.
/// </remarks>
public sealed class DeployTests : IDisposable
{
    private const string SessionCookie = ".Login.Session";
    private const string RememberCookie = "remember_token";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("login-deploy-");

    private DirectoryInfo Keys => _folder.CreateSubdirectory("keys");

    private string Store => "Data Source=" + Path.Combine(_folder.FullName, "login.db");

    [Theory]
    [InlineData("session and remember cookies")]
    [InlineData("session cookie")]
    [InlineData("remember cookie")]
    public async Task A_Customer_login_from_the_last_deploy_is_nobody_in_a_deploy_whose_only_type_is_Admin(string cookies)
    {
        var old = await LogInOnDeployAsync(typeof(Customer), "/login/customer/5");

        var log = new AppLog();
        await using var deploy = await StartDeployAsync(typeof(Admin), log);
        var browser = deploy.App.NewBrowser(out var jar);
        Present(jar, old, cookies);

        Assert.Equal("anonymous", await BodyAsync(browser, "/whoami"));
        Assert.Equal(Anonymous("/admin/login"), await GuardsAsync(browser, deploy.Calls));
        Assert.Equal(0, deploy.Calls["/any"] + deploy.Calls["/typed"] + deploy.Calls["/param"]);
        AssertLoggedUnknownKey(log, "Customer");
        // Nothing broke for the browser: it can log in here as this deploy's user.
        Assert.Equal("logged in", await BodyAsync(browser, "/login/admin/5"));
        Assert.StartsWith("admin 5 Alice", await BodyAsync(browser, "/whoami"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("session and remember cookies")]
    [InlineData("session cookie")]
    [InlineData("remember cookie")]
    public async Task An_Admin_login_is_nobody_after_rolling_back_to_a_deploy_whose_only_type_is_Customer(string cookies)
    {
        var old = await LogInOnDeployAsync(typeof(Admin), "/login/admin/5");

        var log = new AppLog();
        await using var deploy = await StartDeployAsync(typeof(Customer), log);
        var browser = deploy.App.NewBrowser(out var jar);
        Present(jar, old, cookies);

        Assert.Equal("anonymous", await BodyAsync(browser, "/whoami"));
        Assert.Equal(Anonymous("/login"), await GuardsAsync(browser, deploy.Calls));
        Assert.Equal(0, deploy.Calls["/any"] + deploy.Calls["/typed"] + deploy.Calls["/param"]);
        AssertLoggedUnknownKey(log, "admin");
    }

    [Fact]
    public async Task A_deploy_that_adds_a_second_type_keeps_the_logins_of_the_first()
    {
        // The control of the tests above: the same keys and store do carry logins from one deploy to the next, so the
        // refusals there are the type's doing. Deploy 1 has Customer only; deploy 2 both types.
        var old = await LogInOnDeployAsync(typeof(Customer), "/login/customer/5");

        await using var deploy = await StartDeployAsync(userType: null, new AppLog());
        var bySession = deploy.App.NewBrowser(out var sessionJar);
        Present(sessionJar, old, "session cookie");
        var byRemember = deploy.App.NewBrowser(out var rememberJar);
        Present(rememberJar, old, "remember cookie");

        Assert.StartsWith("Customer 5 Carol (customer 5) fresh=True", await BodyAsync(bySession, "/whoami"), StringComparison.Ordinal);
        Assert.StartsWith("Customer 5 Carol (customer 5) fresh=False", await BodyAsync(byRemember, "/whoami"), StringComparison.Ordinal);
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await TwoTypesSite.GuardsAsync(bySession, deploy.Calls, "Customer 5 Carol (customer 5)"));
        Assert.Equal(TwoTypesSite.Expect.StaleCustomer, await TwoTypesSite.GuardsAsync(byRemember, deploy.Calls, "Customer 5 Carol (customer 5)"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>Starts a deploy with only <paramref name="userType"/>, logs a browser in there, stops it: the browser's cookies.</summary>
    private async Task<Dictionary<string, string>> LogInOnDeployAsync(Type userType, string loginPath)
    {
        await using var deploy = await StartDeployAsync(userType, new AppLog());
        var browser = deploy.App.NewBrowser(out var jar);
        Assert.Equal("logged in", await BodyAsync(browser, loginPath + "?remember=true"));
        Assert.True(jar.Cookies.ContainsKey(SessionCookie) && jar.Cookies.ContainsKey(RememberCookie));
        Assert.StartsWith(userType == typeof(Admin) ? "admin 5 Alice" : "Customer 5 Carol", await BodyAsync(browser, "/whoami"), StringComparison.Ordinal);
        return new Dictionary<string, string>(jar.Cookies);
    }

    /// <summary>
    /// One deploy: the shared keys and store; <paramref name="userType"/> its only user type (its endpoints require that
    /// type), or <see langword="null"/> for both types and the whole shop of <see cref="TwoTypesSite"/>.
    /// </summary>
    private async Task<Deploy> StartDeployAsync(Type? userType, AppLog log)
    {
        var calls = new HandlerRuns();
        var app = await UserTypesApp.StartAsync(
            map: app =>
            {
                if (userType is null)
                {
                    TwoTypesSite.Map(app, calls);
                }
                else if (userType == typeof(Customer))
                {
                    MapCustomerDeploy(app, calls);
                }
                else
                {
                    MapAdminDeploy(app, calls);
                }
            },
            configure: o =>
            {
                if (userType is null)
                {
                    TwoTypesSite.Configure(o);
                }
                else
                {
                    o.UserType = userType;
                    if (userType == typeof(Admin))
                    {
                        o.LoginViewFor<Admin>("/admin/login");
                    }
                }
            },
            keys: Keys,
            login: b => b.AddSqliteStore(Store),
            logs: log);
        return new Deploy(app, calls);
    }

    // The handlers say their return types, as TwoTypesSite's do (the .Unwoven build, findings-collision.md F2).
    private static void MapCustomerDeploy(WebApplication app, HandlerRuns calls)
    {
        app.MapGet("/login/customer/{id:int}", async Task<string> (int id, bool? remember, HttpContext http, Accounts accounts) =>
            await http.LoginUserAsync(accounts.Customers[id], remember: remember == true) ? "logged in" : "refused");
        MapWhoAmI(app);
        app.MapGet("/any", [LoginRequired] () => calls.Hit("/any"));
        app.MapGet("/typed", [LoginRequired<Customer>] () => calls.Hit("/typed"));
        app.MapGet("/param", [LoginRequired] string (Customer customer) =>
        {
            calls.Hit("/param");
            return "param: " + customer.Name;
        });
    }

    private static void MapAdminDeploy(WebApplication app, HandlerRuns calls)
    {
        app.MapGet("/login/admin/{id:int}", async Task<string> (int id, bool? remember, HttpContext http, Accounts accounts) =>
            await http.LoginUserAsync(accounts.Admins[id], remember: remember == true) ? "logged in" : "refused");
        MapWhoAmI(app);
        app.MapGet("/any", [LoginRequired] () => calls.Hit("/any"));
        app.MapGet("/typed", [LoginRequired<Admin>] () => calls.Hit("/typed"));
        app.MapGet("/param", [LoginRequired] string (Admin admin) =>
        {
            calls.Hit("/param");
            return "param: " + admin.Name;
        });
    }

    private static void MapWhoAmI(WebApplication app) =>
        app.MapGet("/whoami", async Task<string> (HttpContext http) =>
        {
            var user = await http.GetCurrentUserAsync();
            return user.IsAnonymous ? "anonymous" : $"{TwoTypesSite.Describe(user)} fresh={await http.IsLoginFreshAsync()}";
        });

    private static void Present(CookieJar jar, Dictionary<string, string> old, string cookies)
    {
        if (cookies.Contains("session", StringComparison.Ordinal))
        {
            jar.Cookies[SessionCookie] = old[SessionCookie];
        }

        if (cookies.Contains("remember", StringComparison.Ordinal))
        {
            jar.Cookies[RememberCookie] = old[RememberCookie];
        }
    }

    private static string Anonymous(string loginView) => $"/any=302/login /typed=302{loginView} /param=302{loginView}";

    /// <summary>What the deploy's three guarded endpoints answer: status, and a redirect's path.</summary>
    private static async Task<string> GuardsAsync(HttpClient browser, HandlerRuns calls)
    {
        var answers = new List<string>();
        foreach (var path in new[] { "/any", "/typed", "/param" })
        {
            using var response = await browser.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"GET {path}: {(int)response.StatusCode} {body}");
            answers.Add(response.StatusCode == HttpStatusCode.Found
                ? $"{path}=302{response.Headers.Location!.OriginalString.Split('?')[0]}"
                : $"{path}={(int)response.StatusCode}");
        }

        return string.Join(' ', answers);
    }

    private static async Task<string> BodyAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>
    /// Login said why it ignored the cookie: a warning of identity's range (LoginLog 80–84) naming the key it does not
    /// know, so an operator who renamed a type sees why everyone was logged out.
    /// </summary>
    private static void AssertLoggedUnknownKey(AppLog log, string key)
    {
        Assert.True(
            log.Entries.Any(e => e.Category == "Login" && e.Id is >= 80 and <= 84 && e.Level >= LogLevel.Warning
                && e.Message.Contains(key, StringComparison.Ordinal)),
            $"no warning (LoginLog 80-84) naming the user type key \"{key}\"; Login logged:\n{log.LoginEntries()}");
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    private sealed class Deploy(UserTypesApp app, HandlerRuns calls) : IAsyncDisposable
    {
        public UserTypesApp App { get; } = app;

        public HandlerRuns Calls { get; } = calls;

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
