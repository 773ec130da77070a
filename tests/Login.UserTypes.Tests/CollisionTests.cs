using System.Net;
using Login.Testing;

namespace Login.UserTypes.Tests;

/// <summary>
/// Issue 18's id-collision test: Admin 5 and Customer 5 both exist and are different people. Every way to log in, restore
/// (the remember cookie), rotate (a new session on login, the remember token's rotation), confirm, log out, log out
/// everywhere and list sessions keeps them apart. After each step the test asks who the browser is (<c>/whoami</c>: the
/// type, the id and the person's name) and what every guard answers it (<see cref="TwoTypesSite.GuardsAsync"/>). Two
/// browsers side by side (one per type) and one browser switching. Compiled twice: woven here, unwoven (RDG on, the
/// runtime's guards) in Login.UserTypes.Tests.Unwoven.
/// </summary>
public sealed class CollisionTests
{
    private const string SessionCookie = ".Login.Session";
    private const string RememberCookie = "remember_token";

    private const string Carol = "Customer 5 Carol (customer 5)";
    private const string Alice = "admin 5 Alice (admin 5)";

    [Theory]
    [InlineData("handler")]
    [InlineData("form")]
    [InlineData("test-client")]
    public async Task Each_way_to_log_in_gives_Customer_5_and_Admin_5_each_their_own_person(string way)
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out _);
        var admin = shop.Browser(out _);

        await shop.LogInAsync(customer, "customer", 5, way);
        await shop.LogInAsync(admin, "admin", 5, way);

        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(customer));
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(admin));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(customer, Carol));
        Assert.Equal(TwoTypesSite.Expect.FreshAdmin, await shop.GuardsAsync(admin, Alice));
        // And again, after the other browser's requests: nothing one did changed the other.
        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(customer));
    }

    [Fact]
    public async Task The_remember_cookie_restores_each_browser_as_its_own_type_and_rotates()
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out var customerJar);
        var admin = shop.Browser(out var adminJar);
        await shop.LogInAsync(customer, "customer", 5, "handler", remember: true);
        await shop.LogInAsync(admin, "admin", 5, "form", remember: true);
        var customerToken = customerJar.Cookies[RememberCookie];
        var adminToken = adminJar.Cookies[RememberCookie];
        var adminSession = adminJar.Cookies[SessionCookie];

        // Both browsers closed: only the remember cookies are left.
        customerJar.Cookies.Remove(SessionCookie);
        adminJar.Cookies.Remove(SessionCookie);

        Assert.Equal(Who.Customer5(fresh: false, remembered: true), await shop.WhoAmIAsync(customer));
        Assert.Equal(Who.Admin5(fresh: false, remembered: true), await shop.WhoAmIAsync(admin));
        // Restoring rotated the tokens and started new sessions.
        Assert.NotEqual(customerToken, customerJar.Cookies[RememberCookie]);
        Assert.NotEqual(adminToken, adminJar.Cookies[RememberCookie]);
        Assert.NotEqual(adminSession, adminJar.Cookies[SessionCookie]);
        Assert.Equal(TwoTypesSite.Expect.StaleCustomer, await shop.GuardsAsync(customer, Carol));
        Assert.Equal(TwoTypesSite.Expect.StaleAdmin, await shop.GuardsAsync(admin, Alice));

        // Closed again: the rotated tokens restore the same people again.
        customerJar.Cookies.Remove(SessionCookie);
        adminJar.Cookies.Remove(SessionCookie);
        Assert.Equal(Who.Admin5(fresh: false, remembered: true), await shop.WhoAmIAsync(admin));
        Assert.Equal(Who.Customer5(fresh: false, remembered: true), await shop.WhoAmIAsync(customer));
    }

    [Fact]
    public async Task A_stolen_remember_token_ends_only_its_own_type_s_login()
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out var customerJar);
        var admin = shop.Browser(out var adminJar);
        await shop.LogInAsync(customer, "customer", 5, "handler", remember: true);
        await shop.LogInAsync(admin, "admin", 5, "handler", remember: true);
        var stolen = customerJar.Cookies[RememberCookie];
        customerJar.Cookies.Remove(SessionCookie);
        Assert.Equal(Who.Customer5(fresh: false, remembered: true), await shop.WhoAmIAsync(customer)); // rotated
        shop.App.Clock.Advance(TimeSpan.FromMinutes(1)); // past the grace window for parallel requests

        var thief = shop.Browser(out var thiefJar);
        thiefJar.Cookies[RememberCookie] = stolen;

        Assert.Equal("anonymous", await shop.WhoAmIAsync(thief));
        Assert.Equal("anonymous", await shop.WhoAmIAsync(customer)); // the replay ended Customer 5's login everywhere
        Assert.Equal(Who.Admin5(fresh: true, remembered: true), await shop.WhoAmIAsync(admin)); // Admin 5 is someone else
        adminJar.Cookies.Remove(SessionCookie);
        Assert.Equal(Who.Admin5(fresh: false, remembered: true), await shop.WhoAmIAsync(admin));
    }

    [Fact]
    public async Task Confirming_a_restored_login_makes_it_fresh_as_the_same_type()
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out var customerJar);
        var admin = shop.Browser(out var adminJar);
        await shop.LogInAsync(customer, "customer", 5, "handler", remember: true);
        await shop.LogInAsync(admin, "admin", 5, "handler", remember: true);
        customerJar.Cookies.Remove(SessionCookie);
        adminJar.Cookies.Remove(SessionCookie);
        Assert.Equal(TwoTypesSite.Expect.StaleAdmin, await shop.GuardsAsync(admin, Alice));

        Assert.Equal("confirmed", await shop.PostAsync(admin, "/confirm"));

        Assert.Equal(Who.Admin5(fresh: true, remembered: true), await shop.WhoAmIAsync(admin));
        Assert.Equal(TwoTypesSite.Expect.FreshAdmin, await shop.GuardsAsync(admin, Alice));
        Assert.Equal(TwoTypesSite.Expect.StaleCustomer, await shop.GuardsAsync(customer, Carol)); // confirming Admin 5 confirmed nobody else

        Assert.Equal("confirmed", await shop.PostAsync(customer, "/confirm"));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(customer, Carol));
        Assert.Equal(Who.Customer5(fresh: true, remembered: true), await shop.WhoAmIAsync(customer));
    }

    [Fact]
    public async Task Logging_out_one_type_leaves_the_other_logged_in()
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out var customerJar);
        var admin = shop.Browser(out var adminJar);
        await shop.LogInAsync(customer, "customer", 5, "handler", remember: true);
        await shop.LogInAsync(admin, "admin", 5, "handler", remember: true);
        var customerCookies = new Dictionary<string, string>(customerJar.Cookies);

        Assert.Equal("logged out", await shop.PostAsync(customer, "/logout"));

        Assert.Equal("anonymous", await shop.WhoAmIAsync(customer));
        Assert.Equal(TwoTypesSite.Expect.Anonymous, await shop.GuardsAsync(customer));
        Assert.Equal(Who.Admin5(fresh: true, remembered: true), await shop.WhoAmIAsync(admin));
        Assert.Equal(TwoTypesSite.Expect.FreshAdmin, await shop.GuardsAsync(admin, Alice));
        adminJar.Cookies.Remove(SessionCookie);
        Assert.Equal(Who.Admin5(fresh: false, remembered: true), await shop.WhoAmIAsync(admin)); // its remember cookie still works

        // A copy of the customer's cookies taken before the logout is nobody now, and certainly not Admin 5.
        var copy = shop.Browser(out var copyJar);
        foreach (var (name, value) in customerCookies)
        {
            copyJar.Cookies[name] = value;
        }

        Assert.Equal("anonymous", await shop.WhoAmIAsync(copy));
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_every_login_of_that_type_and_none_of_the_other()
    {
        await using var shop = await Shop.StartAsync();
        var customerPhone = shop.Browser(out _);
        var customerLaptop = shop.Browser(out var customerLaptopJar);
        var adminDesk = shop.Browser(out _);
        var adminHome = shop.Browser(out var adminHomeJar);
        await shop.LogInAsync(customerPhone, "customer", 5, "handler", remember: true);
        await shop.LogInAsync(customerLaptop, "customer", 5, "form", remember: true);
        await shop.LogInAsync(adminDesk, "admin", 5, "handler", remember: true);
        await shop.LogInAsync(adminHome, "admin", 5, "form", remember: true);

        Assert.Equal("ended 2", await shop.PostAsync(adminDesk, "/logout-everywhere"));

        Assert.Equal("anonymous", await shop.WhoAmIAsync(adminDesk));
        Assert.Equal("anonymous", await shop.WhoAmIAsync(adminHome));
        adminHomeJar.Cookies.Remove(SessionCookie);
        Assert.Equal("anonymous", await shop.WhoAmIAsync(adminHome)); // its remember cookie ended too
        Assert.Equal(Who.Customer5(fresh: true, remembered: true), await shop.WhoAmIAsync(customerPhone));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(customerLaptop, Carol));
        customerLaptopJar.Cookies.Remove(SessionCookie);
        Assert.Equal(Who.Customer5(fresh: false, remembered: true), await shop.WhoAmIAsync(customerLaptop));

        // And the other way round.
        Assert.Equal("ended 2", await shop.PostAsync(customerPhone, "/logout-everywhere"));
        Assert.Equal("anonymous", await shop.WhoAmIAsync(customerLaptop));
    }

    [Fact]
    public async Task Listing_sessions_shows_only_the_logins_of_the_browser_s_own_type()
    {
        await using var shop = await Shop.StartAsync();
        var customerPhone = shop.Browser(out _);
        var customerLaptop = shop.Browser(out _);
        var admin = shop.Browser(out _);
        await shop.LogInAsync(customerPhone, "customer", 5, "handler");
        shop.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await shop.LogInAsync(admin, "admin", 5, "handler");
        shop.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await shop.LogInAsync(customerLaptop, "customer", 5, "form");

        Assert.Equal("Customer:5* Customer:5", await shop.GetAsync(customerLaptop, "/sessions"));
        Assert.Equal("Customer:5 Customer:5*", await shop.GetAsync(customerPhone, "/sessions"));
        Assert.Equal("admin:5*", await shop.GetAsync(admin, "/sessions"));
        Assert.Equal("", await shop.GetAsync(shop.Browser(out _), "/sessions"));
    }

    [Fact]
    public async Task A_login_cannot_end_a_session_of_the_other_type_with_the_same_id()
    {
        await using var shop = await Shop.StartAsync();
        var customer = shop.Browser(out _);
        var admin = shop.Browser(out _);
        await shop.LogInAsync(customer, "customer", 5, "handler");
        await shop.LogInAsync(admin, "admin", 5, "handler");
        var customerSession = await shop.GetAsync(customer, "/sessions/ids");
        Assert.Matches("^[A-Za-z0-9_-]+$", customerSession);

        Assert.Equal("not ended", await shop.PostAsync(admin, "/sessions/end/" + customerSession));

        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(customer));
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(admin));
        Assert.Equal("ended", await shop.PostAsync(customer, "/sessions/end/" + customerSession)); // its own: yes
        Assert.Equal("anonymous", await shop.WhoAmIAsync(customer));
    }

    [Fact]
    public async Task The_login_cap_counts_each_type_s_logins_on_their_own()
    {
        // One login per user: Admin 5 logging in must not end Customer 5's login, which is another user's.
        await using var shop = await Shop.StartAsync(o => o.MaxLoginsPerUser = 1);
        var customer = shop.Browser(out _);
        var admin = shop.Browser(out _);
        await shop.LogInAsync(customer, "customer", 5, "handler");
        shop.App.Clock.Advance(TimeSpan.FromSeconds(1));

        await shop.LogInAsync(admin, "admin", 5, "handler");

        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(customer));
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(admin));
        // The cap itself still holds within a type: a second Admin 5 login ends the first.
        var adminAgain = shop.Browser(out _);
        shop.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await shop.LogInAsync(adminAgain, "admin", 5, "form");
        Assert.Equal("anonymous", await shop.WhoAmIAsync(admin));
        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(customer));
    }

    [Fact]
    public async Task One_browser_switching_between_Customer_5_and_Admin_5_is_always_exactly_the_last_one()
    {
        await using var shop = await Shop.StartAsync();
        var browser = shop.Browser(out var jar);

        await shop.LogInAsync(browser, "customer", 5, "handler", remember: true);
        Assert.Equal(Who.Customer5(fresh: true, remembered: true), await shop.WhoAmIAsync(browser));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(browser, Carol));
        var asCustomer = new Dictionary<string, string>(jar.Cookies);

        // The session is renewed on login: Admin 5's is a new session, and nothing of Customer 5's login carries over
        // (not the remember cookie: this login did not ask for one, so it is not remembered).
        await shop.LogInAsync(browser, "admin", 5, "form");
        Assert.NotEqual(asCustomer[SessionCookie], jar.Cookies[SessionCookie]);
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(browser));
        Assert.Equal(TwoTypesSite.Expect.FreshAdmin, await shop.GuardsAsync(browser, Alice));
        var asAdmin = new Dictionary<string, string>(jar.Cookies);

        // The customer's cookies, kept by someone, ended with the switch: nobody, not Customer 5, never Admin 5.
        Assert.Equal("anonymous", await shop.WhoAmIAsync(shop.BrowserWith(asCustomer)));
        Assert.Equal("anonymous", await shop.WhoAmIAsync(shop.BrowserWith(new() { [RememberCookie] = asCustomer[RememberCookie] })));

        // Dropping the session cookie does not bring Customer 5 back (the browser may still hold Customer 5's remember
        // cookie: Login leaves it, but its login ended with the switch).
        jar.Cookies.Remove(SessionCookie);
        Assert.Equal("anonymous", await shop.WhoAmIAsync(browser));
        Assert.Equal(TwoTypesSite.Expect.Anonymous, await shop.GuardsAsync(browser));

        // Admin 5 again, remembered this time, and back: the browser is Customer 5 again, with the same id, another person
        // than a moment ago.
        await shop.LogInAsync(browser, "admin", 5, "handler", remember: true);
        Assert.Equal(Who.Admin5(fresh: true, remembered: true), await shop.WhoAmIAsync(browser));
        var asRememberedAdmin = new Dictionary<string, string>(jar.Cookies);
        await shop.LogInAsync(browser, "customer", 5, "form");
        Assert.Equal(Who.Customer5(fresh: true), await shop.WhoAmIAsync(browser));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(browser, Carol));

        // That Admin login ended with the switch: a copy of its cookies, session and remember, is nobody.
        Assert.Equal("anonymous", await shop.WhoAmIAsync(shop.BrowserWith(asRememberedAdmin)));
        Assert.Equal("anonymous", await shop.WhoAmIAsync(shop.BrowserWith(new() { [RememberCookie] = asRememberedAdmin[RememberCookie] })));
        // The first Admin login did not: its session cookie was dropped without a logout, so it lives on in a copy, which
        // is Admin 5, never the Customer 5 this browser is now.
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(shop.BrowserWith(asAdmin)));

        await shop.PostAsync(browser, "/logout");
        Assert.Equal("anonymous", await shop.WhoAmIAsync(browser));
        Assert.Equal(TwoTypesSite.Expect.Anonymous, await shop.GuardsAsync(browser));
    }

    [Fact]
    public async Task Logins_of_other_ids_stay_apart_too()
    {
        await using var shop = await Shop.StartAsync();
        var customer7 = shop.Browser(out _);
        var admin7 = shop.Browser(out _);
        var admin5 = shop.Browser(out _);
        await shop.LogInAsync(customer7, "customer", 7, "form");
        await shop.LogInAsync(admin7, "admin", 7, "handler");
        await shop.LogInAsync(admin5, "admin", 5, "test-client");

        Assert.StartsWith("Customer 7 Cody (customer 7) ", await shop.WhoAmIAsync(customer7), StringComparison.Ordinal);
        Assert.StartsWith("admin 7 Arno (admin 7) ", await shop.WhoAmIAsync(admin7), StringComparison.Ordinal);
        Assert.Equal(Who.Admin5(fresh: true), await shop.WhoAmIAsync(admin5));
        Assert.Equal(TwoTypesSite.Expect.FreshAdmin, await shop.GuardsAsync(admin7, "admin 7 Arno (admin 7)"));
        Assert.Equal(TwoTypesSite.Expect.FreshCustomer, await shop.GuardsAsync(customer7, "Customer 7 Cody (customer 7)"));
    }

    /// <summary>What <c>/whoami</c> says for Customer 5 and Admin 5.</summary>
    private static class Who
    {
        public static string Customer5(bool fresh, bool remembered = false) =>
            $"{Carol} fresh={fresh} remembered={remembered} as-customer=Carol (customer 5) as-admin=null";

        public static string Admin5(bool fresh, bool remembered = false) =>
            $"{Alice} fresh={fresh} remembered={remembered} as-customer=null as-admin=Alice (admin 5)";
    }

    /// <summary>The shop running, its handler calls, and its browsers.</summary>
    internal sealed class Shop : IAsyncDisposable
    {
        private readonly Dictionary<HttpClient, CookieJar> _jars = [];

        private Shop(UserTypesApp app, HandlerRuns calls)
        {
            App = app;
            Calls = calls;
        }

        public UserTypesApp App { get; }

        public HandlerRuns Calls { get; }

        public static async Task<Shop> StartAsync(Action<LoginOptions>? configure = null)
        {
            var calls = new HandlerRuns();
            var app = await UserTypesApp.StartAsync(
                map: app => TwoTypesSite.Map(app, calls),
                configure: o =>
                {
                    TwoTypesSite.Configure(o);
                    configure?.Invoke(o);
                });
            return new Shop(app, calls);
        }

        public HttpClient Browser(out CookieJar jar)
        {
            var browser = App.NewBrowser(out jar);
            _jars.Add(browser, jar);
            return browser;
        }

        public HttpClient BrowserWith(Dictionary<string, string> cookies)
        {
            var browser = Browser(out var jar);
            foreach (var (name, value) in cookies)
            {
                jar.Cookies[name] = value;
            }

            return browser;
        }

        /// <summary>Logs the browser in as Customer or Admin <paramref name="id"/>, one of the ways a user can log in.</summary>
        public async Task LogInAsync(HttpClient browser, string kind, int id, string way, bool remember = false)
        {
            switch (way)
            {
                case "handler":
                    Assert.Equal("logged in", await GetAsync(browser, $"/login/{kind}/{id}?remember={remember}"));
                    break;
                case "form":
                    using (var form = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["kind"] = kind,
                        ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["remember"] = remember ? "on" : "off",
                        ["next"] = "/whoami",
                    })))
                    {
                        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
                        Assert.Equal("/whoami", form.Headers.Location!.OriginalString);
                    }

                    break;
                case "test-client":
                    // FlaskLoginClient's way: a session cookie made with the app's own keys, no login request at all.
                    Assert.False(remember, "the test client makes session cookies only");
                    var accounts = App.Accounts;
                    IUser user = kind == "admin" ? accounts.Admins[id] : accounts.Customers[id];
                    var cookie = LoginTestClient.CreateSessionCookie(App.Services, user, userAgent: null); // these browsers send none
                    var equals = cookie.IndexOf('=', StringComparison.Ordinal);
                    var jar = _jars[browser];
                    jar.Cookies.Clear();
                    jar.Cookies[cookie[..equals]] = cookie[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(way), way, "handler, form or test-client");
            }
        }

        public Task<string> WhoAmIAsync(HttpClient browser) => GetAsync(browser, "/whoami");

        public Task<string> GuardsAsync(HttpClient browser, string? expectedUser = null) =>
            TwoTypesSite.GuardsAsync(browser, Calls, expectedUser);

        public async Task<string> GetAsync(HttpClient browser, string path)
        {
            using var response = await browser.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
            return body;
        }

        public async Task<string> PostAsync(HttpClient browser, string path)
        {
            using var response = await browser.PostAsync(path, content: null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {body}");
            return body;
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
