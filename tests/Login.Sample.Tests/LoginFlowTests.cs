using System.Net;
using Xunit;

namespace Login.Sample.Tests;

/// <summary>The sample's README journey over plain HTTP: asked to log in, log in, see the page, log out.</summary>
[Collection(SampleCollection.Name)]
public sealed class LoginFlowTests(RunningLoginSample sample)
{
    [Fact]
    public async Task Anonymous_visitor_of_protected_is_sent_to_the_login_form_with_next()
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.GetAsync("/protected");

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, response);
    }

    [Fact]
    public async Task Login_form_has_the_fields_and_an_antiforgery_token()
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.GetAsync(SampleFacts.LoginForProtected);

        await ResponseAssert.Status(HttpStatusCode.OK, response);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var form = LoginForm.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(form.HasInput("email"), form.Html);
        Assert.True(form.HasInput("password"), form.Html);
        Assert.Equal("/protected", form.Next);
        Assert.False(string.IsNullOrWhiteSpace(form.AntiforgeryToken), form.Html);
        // The token in the form is only half of the pair: the other half travels in a cookie.
        Assert.Contains(SetCookieHeader.AllOf(response), c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Login_form_never_carries_an_unsafe_next(string next)
    {
        using var visitor = new Visitor(sample.BaseAddress);

        var form = await visitor.OpenLoginFormAsync("/login?next=" + Uri.EscapeDataString(next));

        Assert.Equal("/protected", form.Next);
    }

    [Fact]
    public async Task Post_without_the_antiforgery_token_is_rejected_and_logs_nobody_in()
    {
        using var visitor = new Visitor(sample.BaseAddress);
        var form = await visitor.OpenLoginFormAsync();

        // The right password, the antiforgery cookie, but no token in the form: what a cross-site form would send.
        using var response = await visitor.SubmitAsync(form, SampleFacts.Email, SampleFacts.Password, withAntiforgeryToken: false);

        await ResponseAssert.Status(HttpStatusCode.BadRequest, response);
        ResponseAssert.SetsNoCookie(SampleFacts.SessionCookie, response);
        using var protectedPage = await visitor.GetAsync("/protected");
        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, protectedPage);
    }

    [Theory]
    [InlineData(SampleFacts.Email, "wrong")]
    [InlineData(SampleFacts.Email, "")]
    [InlineData(SampleFacts.Email, "SECRET")]
    [InlineData("nobody", SampleFacts.Password)]
    public async Task Wrong_pair_goes_back_to_the_form_without_a_session(string email, string password)
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.LogInAsync(email, password);

        await ResponseAssert.RedirectsTo("/login", response);
        ResponseAssert.SetsNoCookie(SampleFacts.SessionCookie, response);
        using var protectedPage = await visitor.GetAsync("/protected");
        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, protectedPage);
    }

    [Fact]
    public async Task Right_pair_sets_the_session_cookie_and_opens_the_protected_page()
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password);

        await ResponseAssert.RedirectsTo("/protected", response);
        var session = SetCookieHeader.Find(response, SampleFacts.SessionCookie);
        Assert.NotNull(session);
        Assert.NotEmpty(session.Value);
        Assert.True(session.HasFlag("httponly"), session.ToString());
        Assert.Equal("lax", session.Attribute("samesite"), ignoreCase: true);
        Assert.Equal("/", session.Attribute("path"));
        // Not remembered: the login must end with the browser session, as Flask-Login's does.
        Assert.Null(session.Attribute("expires"));
        Assert.Null(session.Attribute("max-age"));
        ResponseAssert.SetsNoCookie(SampleFacts.RememberCookie, response);

        using var protectedPage = await visitor.GetAsync("/protected");

        await ResponseAssert.Body($"Logged in as: {SampleFacts.Email}", protectedPage);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("///evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/%0d%0aSet-Cookie:%20x=1")]
    public async Task Unsafe_next_is_ignored(string next)
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password, next);

        await ResponseAssert.RedirectsTo("/protected", response);
    }

    [Theory]
    [InlineData("/protected?x=1")]
    [InlineData("/protected")]
    public async Task Safe_next_is_followed(string next)
    {
        using var visitor = new Visitor(sample.BaseAddress);

        using var response = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password, next);

        await ResponseAssert.RedirectsTo(next, response);
    }

    [Fact]
    public async Task Logout_deletes_the_session_cookie_and_protected_asks_for_login_again()
    {
        using var visitor = new Visitor(sample.BaseAddress);
        using (var login = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password))
        {
            await ResponseAssert.RedirectsTo("/protected", login);
        }

        using var response = await visitor.LogOutAsync();

        await ResponseAssert.Body("Logged out", response);
        var deletion = SetCookieHeader.Find(response, SampleFacts.SessionCookie);
        Assert.NotNull(deletion);
        Assert.Equal("", deletion.Value);
        Assert.True(deletion.Expires < DateTimeOffset.UtcNow, $"Expected an Expires in the past: {deletion}");
        // A deletion only works for the path (and domain) the cookie was set with.
        Assert.Equal("/", deletion.Attribute("path"));
        Assert.DoesNotContain(SampleFacts.SessionCookie, visitor.Jar.Cookies.Keys);

        using var protectedPage = await visitor.GetAsync("/protected");

        await ResponseAssert.RedirectsTo(SampleFacts.LoginForProtected, protectedPage);
    }

    [Fact]
    public async Task Logout_is_a_form_post_and_a_cross_site_GET_or_a_POST_without_the_token_logs_nobody_out()
    {
        using var visitor = new Visitor(sample.BaseAddress);
        using (var login = await visitor.LogInAsync(SampleFacts.Email, SampleFacts.Password))
        {
            await ResponseAssert.RedirectsTo("/protected", login);
        }

        using var get = await visitor.GetAsync("/logout");          // what an <img src="/logout"> on another site does
        using var forged = await visitor.PostAsync("/logout");      // a cross-site form: no antiforgery token
        using var protectedPage = await visitor.GetAsync("/protected");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("<form action=\"/logout\" method=\"post\">", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await ResponseAssert.Body("Logged in as: leafstorm", protectedPage);
    }
}
