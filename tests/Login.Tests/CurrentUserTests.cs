using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary><see cref="CurrentUser"/> never blocks a thread on an asynchronous loader, in views or anywhere else.</summary>
public class CurrentUserTests
{
    /// <param name="otherDefaultScheme">
    /// The app names an authentication scheme of its own as the default, so Login's scheme does not load the user before
    /// the handler asks for it.
    /// </param>
    private static Task<TestApp> StartAsync(bool otherDefaultScheme = false) => TestApp.StartAsync(
        o => o.UserType = typeof(GatedUser),
        services: s =>
        {
            if (otherDefaultScheme)
            {
                s.AddAuthentication("Other").AddCookie("Other");
            }

            s.AddSingleton<LoadGate>();
            s.AddRazorPages().AddApplicationPart(typeof(CurrentUserTests).Assembly);
            s.AddControllersWithViews().AddApplicationPart(typeof(CurrentUserTests).Assembly);
        },
        map: app =>
        {
            app.MapRazorPages();
            app.MapControllers();
            app.MapGet("/gated/login/{id:int}", async (HttpContext http, int id) =>
                await http.LoginUserAsync(new GatedUser { Id = id }) ? "logged in" : "refused");
            // A minimal API handler handing CurrentUser to code that reads it synchronously, as a service would.
            // The gate stays closed until the synchronous read is done, so the load cannot have finished by then, whatever
            // the thread pool's timing (with the gate open beforehand and only a Task.Yield in the loader, a load started
            // early could finish first on a loaded machine: the race issue 22 saw with a moved clock). Were anything
            // before the handler to wait for the load, the request would never reach the handler and the test would fail.
            app.MapGet("/gated/service", async (CurrentUser current, LoadGate gate) =>
            {
                string before;
                try
                {
                    before = current.IsAuthenticated ? "authenticated" : "anonymous";
                }
                catch (InvalidOperationException e)
                {
                    before = "threw: " + e.Message;
                }

                gate.Release();
                var user = await current.GetAsync();
                return $"{before} | after GetAsync: {current.GetId() ?? "nobody"}, {current.IsAuthenticated}, {user.GetId() ?? "nobody"}";
            });
            // The same for IsLoginFresh(): it must neither block on the load nor guess from the cookie (which says fresh).
            app.MapGet("/gated/fresh-sync", async (HttpContext http, LoadGate gate) =>
            {
                string before;
                try
                {
                    before = $"fresh={http.IsLoginFresh()}";
                }
                catch (InvalidOperationException e)
                {
                    before = "refused: " + e.Message;
                }

                gate.Release();
                return $"{before} | after: fresh={await http.IsLoginFreshAsync()}";
            });
        });

    [Theory]
    [InlineData("/pages/greeting")]
    [InlineData("/mvc/greeting")]
    public async Task A_view_reading_CurrentUser_renders_only_after_the_async_loader_finished(string path)
    {
        await using var app = await StartAsync();
        var gate = app.Services.GetRequiredService<LoadGate>();
        var browser = app.NewBrowser();
        Assert.Equal("logged in", (await browser.GetAsync("/gated/login/7")).Body);

        var page = browser.GetAsync(path);
        try
        {
            // The load is under way (the loader waits at the gate), and no view has begun: Login awaits the load before
            // rendering, instead of the view starting and then blocking its thread on the loader.
            await gate.Started.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, gate.Renders);
        }
        finally
        {
            gate.Release();
        }

        var response = await page;
        Assert.Equal("hello 7 (authenticated: True)", response.Body.Trim());
        Assert.Equal(1, gate.LoadsFinishedAtFirstRender);
    }

    [Fact]
    public async Task Outside_MVC_reading_CurrentUser_during_an_async_load_throws_naming_GetAsync_instead_of_blocking()
    {
        // With Login as the default scheme the authentication middleware has loaded the user before any handler runs;
        // an app with another default scheme is where a handler can still be first.
        await using var app = await StartAsync(otherDefaultScheme: true);
        var browser = app.NewBrowser();

        await browser.GetAsync("/gated/login/7");
        var body = (await browser.GetAsync("/gated/service")).Body;
        Assert.Equal(TaskStatus.RanToCompletion, app.Services.GetRequiredService<LoadGate>().Started.Status); // the load had begun

        Assert.StartsWith("threw: CurrentUser.IsAuthenticated was read before the current user was loaded", body, StringComparison.Ordinal);
        Assert.Contains("await CurrentUser.GetAsync()", body, StringComparison.Ordinal);
        // The load went on: once awaited, the synchronous members answer.
        Assert.EndsWith(" | after GetAsync: 7, True, 7", body, StringComparison.Ordinal);

        // Anonymous without a cookie: nothing to load, so the synchronous read answers at once.
        Assert.Equal("anonymous | after GetAsync: nobody, False, nobody", (await app.NewBrowser().GetAsync("/gated/service")).Body);
    }

    [Fact]
    public async Task The_sync_IsLoginFresh_does_not_block_on_an_async_loader_nor_guess_from_the_cookie_and_names_the_async_form()
    {
        // Moved here from FreshLoginTests (issue 22): there the loader only yielded, so a load begun early could finish
        // before the handler read, and the test passed or failed with the thread pool's timing.
        await using var app = await StartAsync(otherDefaultScheme: true);
        var browser = app.NewBrowser();
        await browser.GetAsync("/gated/login/7");

        var body = (await browser.GetAsync("/gated/fresh-sync")).Body;

        Assert.StartsWith("refused: ", body, StringComparison.Ordinal);
        Assert.Contains("IsLoginFreshAsync", body, StringComparison.Ordinal);
        Assert.EndsWith(" | after: fresh=True", body, StringComparison.Ordinal);
    }
}
