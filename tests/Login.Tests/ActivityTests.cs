using System.Diagnostics;
using Login.Diagnostics;

namespace Login.Tests;

/// <summary>
/// The <c>Login</c> activity source: a span for loading the user (where the user came from, and who), logging in, logging
/// out, confirming, and rotating a remember token, each under the request's activity; never a cookie's value in a tag.
/// </summary>
[Collection(ActivityCollection.Name)]
public sealed class ActivityTests : IDisposable
{
    private const string Session = ".Login.Session";
    private const string Remember = "remember_token";
    private readonly SpanRecorder _recorder = new();

    public void Dispose() => _recorder.Dispose();

    private static Activity Only(IReadOnlyList<Activity> spans, string name) => Assert.Single(spans, s => s.OperationName == name);

    private static void AssertChildOf(Activity parent, Activity span)
    {
        Assert.Equal(parent.TraceId, span.TraceId);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
    }

    /// <summary>A request whose handler throws: a 500 from the developer exception page, or the exception itself.</summary>
    private static async Task<bool> FailingAsync(TestBrowser browser, string path)
    {
        try
        {
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, (await browser.GetAsync(path)).Status);
        }
        catch (InvalidOperationException)
        {
        }

        return true;
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    [Fact]
    public async Task Loading_the_user_is_a_span_under_the_request_saying_where_the_user_came_from_and_who()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1");

        var (request, spans, response) = await _recorder.RecordAsync(() => browser.GetAsync("/secret"));
        Assert.Equal("secret of 1", response.Body);
        var load = Only(spans, LoginActivities.LoadUser); // once, though the guard and the handler's parameter both asked
        AssertChildOf(request, load);
        Assert.Equal("session", Tag(load, "login.user.source"));
        Assert.Equal("1", Tag(load, "user.id"));
        Assert.Equal(ActivityStatusCode.Unset, load.Status);

        (request, spans, response) = await _recorder.RecordAsync(() => app.NewBrowser().GetAsync("/secret?api_key=user-1"));
        Assert.Equal("secret of 1", response.Body);
        load = Only(spans, LoginActivities.LoadUser);
        AssertChildOf(request, load);
        Assert.Equal("request_loader", Tag(load, "login.user.source"));
        Assert.Equal("1", Tag(load, "user.id"));

        (request, spans, response) = await _recorder.RecordAsync(() => app.NewBrowser().GetAsync("/secret", null, ("Authorization", "Bearer user-1")));
        Assert.Equal("secret of 1", response.Body);
        load = Only(spans, LoginActivities.LoadUser);
        AssertChildOf(request, load);
        Assert.Equal("header_loader", Tag(load, "login.user.source"));
        Assert.Equal("1", Tag(load, "user.id"));

        (request, spans, _) = await _recorder.RecordAsync(() => app.NewBrowser().GetAsync("/secret"));
        load = Only(spans, LoginActivities.LoadUser);
        AssertChildOf(request, load);
        Assert.Equal("anonymous", Tag(load, "login.user.source"));
        Assert.Null(load.GetTagItem("user.id"));
    }

    [Fact]
    public async Task A_remember_cookie_restore_rotates_its_token_in_a_child_span_and_an_old_token_used_later_is_tagged_theft()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.GetAsync("/login/1?remember=true");
        Assert.True(browser.Cookies.ContainsKey("remember_token")); // kept by the jar, so the test below sends it
        var stolen = app.NewBrowser();
        stolen.Cookies[Remember] = browser.Cookies[Remember];
        browser.Cookies.Remove(Session);

        var (request, spans, response) = await _recorder.RecordAsync(() => browser.GetAsync("/secret"));
        Assert.Equal("secret of 1", response.Body);
        var load = Only(spans, LoginActivities.LoadUser);
        var rotation = Only(spans, LoginActivities.RotateRememberToken);
        AssertChildOf(request, load);
        AssertChildOf(load, rotation);
        Assert.Equal("remember_cookie", Tag(load, "login.user.source"));
        Assert.Equal("1", Tag(load, "user.id"));
        Assert.Equal("rotated", Tag(rotation, "login.remember_token.outcome"));
        Assert.Equal("1", Tag(rotation, "user.id"));

        app.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace
        (request, spans, _) = await _recorder.RecordAsync(() => stolen.GetAsync("/secret"));
        load = Only(spans, LoginActivities.LoadUser);
        rotation = Only(spans, LoginActivities.RotateRememberToken);
        AssertChildOf(load, rotation);
        Assert.Equal("theft", Tag(rotation, "login.remember_token.outcome"));
        Assert.Equal("anonymous", Tag(load, "login.user.source"));
    }

    [Fact]
    public async Task Logging_in_confirming_and_logging_out_are_spans_with_the_user_and_no_tag_holds_a_cookie()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        var all = new List<Activity>();

        var (request, spans, _) = await _recorder.RecordAsync(() => browser.GetAsync("/login/1?remember=true&fresh=false"));
        all.AddRange(spans);
        var login = Only(spans, LoginActivities.LogIn);
        AssertChildOf(request, login);
        Assert.Equal("1", Tag(login, "user.id"));
        Assert.Equal(false, login.GetTagItem("login.fresh"));
        Assert.Equal(true, login.GetTagItem("login.remember"));

        (request, spans, _) = await _recorder.RecordAsync(() => browser.GetAsync("/confirm"));
        all.AddRange(spans);
        var confirm = Only(spans, LoginActivities.Confirm);
        AssertChildOf(request, confirm);
        // The authentication middleware loaded the user before the handler confirmed: the load is the request's child.
        AssertChildOf(request, Only(spans, LoginActivities.LoadUser));
        Assert.Equal("1", Tag(confirm, "user.id"));

        var cookies = browser.Cookies.Values.ToList();
        (request, spans, _) = await _recorder.RecordAsync(() => browser.GetAsync("/logout"));
        all.AddRange(spans);
        var logout = Only(spans, LoginActivities.LogOut);
        AssertChildOf(request, logout);
        Assert.Equal("1", Tag(logout, "user.id"));

        Assert.Equal(2, cookies.Count);
        var tagValues = all.SelectMany(span => span.TagObjects).Select(tag => tag.Value?.ToString() ?? "").ToList();
        Assert.NotEmpty(tagValues);
        foreach (var cookie in cookies)
        {
            Assert.DoesNotContain(tagValues, value => value.Contains(cookie, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_failing_load_and_a_refused_confirmation_end_their_spans_as_errors()
    {
        await using var app = await TestApp.StartAsync(o => o.Events.OnAccessed = http =>
            http.Request.Query.ContainsKey("fail") ? throw new InvalidOperationException("the accessed event failed") : Task.CompletedTask);

        var (request, spans, _) = await _recorder.RecordAsync(() => FailingAsync(app.NewBrowser(), "/secret?fail=1"));
        var load = Only(spans, LoginActivities.LoadUser);
        AssertChildOf(request, load);
        Assert.Equal(ActivityStatusCode.Error, load.Status);
        Assert.Equal("the accessed event failed", load.StatusDescription);
        Assert.Equal(typeof(InvalidOperationException).FullName, Tag(load, "error.type"));
        Assert.Contains(load.Events, e => e.Name == "exception");

        (_, spans, _) = await _recorder.RecordAsync(() => FailingAsync(app.NewBrowser(), "/confirm"));
        var confirm = Only(spans, LoginActivities.Confirm);
        Assert.Equal(ActivityStatusCode.Error, confirm.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, Tag(confirm, "error.type"));
    }
}
