// A site as its users build it: registration, passwords, remember-me, a page that needs a fresh login, a list of
// one's sessions to end, and an API key for scripts. Users live in SQLite; Login keeps who is logged in where.
using Login;
using Login.WebApp.Api;
using Login.WebApp.Storage;
using Login.WebApp.Users;
using Microsoft.AspNetCore.DataProtection;

var builder = WebApplication.CreateBuilder(args);

// Everything on disk in one folder (App_Data under the project by default; WebApp:DataDirectory moves it).
var storage = AppStorage.Create(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(storage);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<UserStore>();

// Keys on disk: without them a restart makes every session and remember cookie unreadable. They are stored
// unencrypted (DataProtection logs a warning saying so); a production app adds ProtectKeysWith... as well.
builder.Services.AddDataProtection()
    .SetApplicationName("Login.WebApp")
    .PersistKeysToFileSystem(new DirectoryInfo(storage.KeysDirectory));

builder.Services.AddRazorPages();
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
builder.Services.AddProblemDetails();

builder.Services.AddLogin(o =>
    {
        o.LoginView = "/login";
        o.RefreshView = "/account/reauthenticate";
    })
    .AddSqliteStore(storage.LoginsConnectionString);

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
