using Microsoft.AspNetCore.Http;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Login.Tests;

/// <summary>What anonymous and stale requests are answered: messages, handlers, where next goes, events.</summary>
public class UnauthorizedTests
{
    [Fact]
    public async Task The_login_message_is_flashed_and_read_once_on_the_login_page()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        var redirect = await browser.GetAsync("/secret");
        Assert.Equal(HttpStatusCode.Found, redirect.Status);
        Assert.NotNull(redirect.Cookie(".Login.Session")); // the flash travels in the session cookie

        Assert.Equal("login form|message:Please log in to access this page.", (await browser.GetAsync("/login")).Body);
        Assert.Equal("login form", (await browser.GetAsync("/login")).Body);
    }

    [Fact]
    public async Task Message_category_and_text_come_from_options_and_can_be_turned_off()
    {
        await using (var app = await TestApp.StartAsync(o => (o.LoginMessage, o.LoginMessageCategory) = ("Sign in first.", "warning")))
        {
            var browser = app.NewBrowser();
            await browser.GetAsync("/secret");
            Assert.Equal("login form|warning:Sign in first.", (await browser.GetAsync("/login")).Body);
        }

        await using (var app = await TestApp.StartAsync(o => o.LoginMessage = null))
        {
            var browser = app.NewBrowser();
            var redirect = await browser.GetAsync("/secret");
            Assert.Null(redirect.Cookie(".Login.Session"));
            Assert.Equal("login form", (await browser.GetAsync("/login")).Body);
        }
    }

    [Fact]
    public async Task The_localize_callback_translates_the_message()
    {
        await using var app = await TestApp.StartAsync(o => o.LocalizeCallback = m => m == "Please log in to access this page." ? "Bitte melden Sie sich an." : m);
        var browser = app.NewBrowser();

        await browser.GetAsync("/secret");

        Assert.Equal("login form|message:Bitte melden Sie sich an.", (await browser.GetAsync("/login")).Body);
    }

    [Fact]
    public async Task A_registered_string_localizer_translates_the_message()
    {
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<IStringLocalizer<LoginOptions>, FrenchLocalizer>());
        var browser = app.NewBrowser();

        await browser.GetAsync("/secret");

        Assert.Equal("login form|message:Veuillez vous connecter.", (await browser.GetAsync("/login")).Body);
    }

    [Fact]
    public async Task A_custom_unauthorized_handler_wins_and_the_event_still_fires_once()
    {
        var events = new EventRecorder();
        await using var app = await TestApp.StartAsync(o =>
        {
            events.Attach(o);
            o.UnauthorizedHandler = http =>
            {
                http.Response.StatusCode = StatusCodesTeapot;
                return http.Response.WriteAsync("custom");
            };
        });

        var response = await app.NewBrowser().GetAsync("/secret");

        Assert.Equal((HttpStatusCode)StatusCodesTeapot, response.Status);
        Assert.Equal("custom", response.Body);
        Assert.Equal(1, events.Count("unauthorized"));
    }

    [Fact]
    public async Task UseSessionForNext_keeps_next_in_the_session_instead_of_the_url()
    {
        await using var app = await TestApp.StartAsync(o => o.UseSessionForNext = true);
        var browser = app.NewBrowser();

        var redirect = await browser.GetAsync("/secret?x=1");

        Assert.Equal("/login", redirect.Location);
        Assert.Equal("/secret?x=1", (await browser.GetAsync("/session-next")).Body);
        Assert.Equal("none", (await browser.GetAsync("/session-next")).Body);
    }

    [Fact]
    public async Task ForceHostForRedirects_puts_the_host_in_the_redirect_and_next_stays_local()
    {
        // As Flask-Login's login_url: next is made against the login view, then the host is forced.
        await using var app = await TestApp.StartAsync(o => o.ForceHostForRedirects = "app.example");
        var browser = app.NewBrowser();

        var redirect = await browser.GetAsync("/secret?x=1");
        var group = await browser.GetAsync("/admin/panel");

        Assert.Equal(HttpStatusCode.Found, redirect.Status);
        Assert.Equal("//app.example/login?next=%2Fsecret%3Fx%3D1", redirect.Location);
        Assert.Equal("//app.example/admin/login?next=%2Fadmin%2Fpanel", group.Location);
    }

    [Fact]
    public async Task ForceHostForRedirects_with_an_endpoint_name_or_a_refresh_view()
    {
        await using var app = await TestApp.StartAsync(o => (o.LoginView, o.RefreshView, o.ForceHostForRedirects) = ("login-page", "/again", "app.example:8443"));
        var browser = app.NewBrowser();

        Assert.Equal("//app.example:8443/login?next=%2Fsecret", (await browser.GetAsync("/secret")).Location);
        await browser.GetAsync("/login/1?fresh=false");
        Assert.Equal("//app.example:8443/again?next=%2Ffresh", (await browser.GetAsync("/fresh")).Location);
    }

    [Fact]
    public async Task ForceHostForRedirects_with_UseSessionForNext_keeps_the_local_page_in_the_session()
    {
        await using var app = await TestApp.StartAsync(o => (o.UseSessionForNext, o.ForceHostForRedirects) = (true, "app.example"));
        var browser = app.NewBrowser();

        var redirect = await browser.GetAsync("/secret?x=1");

        Assert.Equal(HttpStatusCode.Found, redirect.Status);
        Assert.Equal("//app.example/login", redirect.Location);
        Assert.Equal("/secret?x=1", (await browser.GetAsync("/session-next")).Body);
    }

    [Fact]
    public async Task ForceHostForRedirects_leaves_an_absolute_login_view_on_its_own_host()
    {
        await using var app = await TestApp.StartAsync(o => (o.LoginView, o.ForceHostForRedirects) = ("https://auth.example/login", "app.example"));

        var redirect = await app.NewBrowser().GetAsync("/secret");

        Assert.Equal("https://auth.example/login?next=http%3A%2F%2Flocalhost%2Fsecret", redirect.Location);
    }

    [Fact]
    public async Task Needs_refresh_flashes_its_own_message_or_uses_its_handler()
    {
        var events = new EventRecorder();
        await using (var app = await TestApp.StartAsync(o =>
        {
            o.RefreshView = "/login";
            o.NeedsRefreshMessageCategory = "info";
            events.Attach(o);
        }))
        {
            var browser = app.NewBrowser();
            await browser.GetAsync("/login/1?fresh=false");

            Assert.Equal("/login?next=%2Ffresh", (await browser.GetAsync("/fresh")).Location);
            Assert.Equal("login form|info:Please reauthenticate to access this page.", (await browser.GetAsync("/login")).Body);
            Assert.Equal(1, events.Count("needs-refresh"));
            Assert.Equal(0, events.Count("unauthorized"));
        }

        await using (var app = await TestApp.StartAsync(o => o.NeedsRefreshHandler = http => http.Response.WriteAsync("refresh please")))
        {
            var browser = app.NewBrowser();
            await browser.GetAsync("/login/1?fresh=false");
            Assert.Equal("refresh please", (await browser.GetAsync("/fresh")).Body);
        }
    }

    private const int StatusCodesTeapot = 418;

    private sealed class FrenchLocalizer : IStringLocalizer<LoginOptions>
    {
        public LocalizedString this[string name] =>
            new(name, name == "Please log in to access this page." ? "Veuillez vous connecter." : name);

        public LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
