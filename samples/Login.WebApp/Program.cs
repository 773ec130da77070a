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
});

builder.Services.AddRazorPages();
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
builder.Services.AddProblemDetails();

var app = builder.Build();

await app.Services.GetRequiredService<UserStore>().CreateSchemaAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseAuthentication();
app.UseLogin();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();

// For scripts: `Authorization: Bearer <key>` (the key is on /account) loads the user through the [HeaderLoader].
// A typed JSON result makes this an API endpoint, so a request without a key gets 401 ProblemDetails, not a redirect.
app.MapGet("/api/me", [LoginRequired] (User user) => TypedResults.Ok(new MeResponse(user.Id, user.Email, user.CreatedAt)));

app.Run();
