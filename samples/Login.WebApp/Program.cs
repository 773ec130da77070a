// A site as its users build it: registration, passwords, remember-me, a page that needs a fresh login, a list of
// one's sessions to end, and an API key for scripts. Users live in SQLite; Login keeps who is logged in where.
using Login;
using Login.Samples.Accounts;
using Login.WebApp.Api;

var builder = WebApplication.CreateBuilder(args);

// The users (in SQLite), the DataProtection keys and Login's logins, all in one folder: App_Data under the project by
// default, WebApp:DataDirectory moves it. Shared with the Blazor sample (samples/Login.Samples.Accounts).
builder.AddSampleAccounts("WebApp:DataDirectory", "Login.WebApp", o =>
{
    o.LoginView = "/login";
    o.RefreshView = "/account/reauthenticate";

    // A script without a valid key gets 401: say which scheme to use, as RFC 9110 asks of a 401 (RFC 6750 for Bearer).
    // Login fires this before it answers; on /api it always answers 401 (the endpoint is an API endpoint).
    o.Events.OnUnauthorized = context =>
    {
        if (ApiChallenge.IsApi(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = ApiChallenge.WwwAuthenticate(context.Request);
        }

        return Task.CompletedTask;
    };
});

builder.Services.AddRazorPages();
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
// Login writes its 401 through the ProblemDetails service, so its wording for the API (written for pages: "…this
// page") is changed here to speak to a script.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiChallenge.Describe);
builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>(); // after ASP.NET Core's: JSON whatever Accept says

var app = builder.Build();

await app.Services.GetRequiredService<UserStore>().CreateSchemaAsync();

if (!app.Environment.IsDevelopment())
{
    // An exception is a page that says sorry (Pages/Error), or ProblemDetails for the API; never its details. The page
    // runs in a pipeline of its own, without authentication: authenticating loads the user (from the session, the
    // remember cookie or the API key), so when the users' database is what failed, UseExceptionHandler("/error"),
    // which runs the rest of this pipeline again, would fail again and leave a blank 500.
    app.UseExceptionHandler(errorPage =>
    {
        errorPage.Use((context, next) =>
        {
            context.Request.Path = "/error";
            return next(context);
        });
        errorPage.UseRouting();
        errorPage.UseEndpoints(pages => pages.MapRazorPages());
    });
    app.UseWhen(context => ApiChallenge.IsApi(context.Request), api => api.UseExceptionHandler());
    app.UseHsts();
}

// A 400 (a form whose antiforgery token went stale), a 404 and every other error without a body of its own get the
// site's error page, not a blank one. Responses that have a body (the API's 401 ProblemDetails) are left alone.
app.UseStatusCodePagesWithReExecute("/error/{0}");

app.UseAuthentication();
app.UseLogin();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();

// For scripts: `Authorization: Bearer <key>` (the key is on /account) loads the user through the [HeaderLoader].
// A typed JSON result makes this an API endpoint, so a request without a key gets 401 ProblemDetails, not a redirect.
app.MapGet("/api/me", [LoginRequired] (User user) => TypedResults.Ok(new MeResponse(user.Id, user.Email, user.CreatedAt)));

app.Run();
