// A Blazor Web App (interactive server) with Login: the same users and store as Login.WebApp, a login form (static
// server rendering, posting to a minimal API), a guarded page, a live page that leaves the moment its login ends in
// another tab, and notifications over SignalR to every tab of the logged-in user.
using Login;
using Login.BlazorApp.Accounts;
using Login.BlazorApp.Components;
using Login.BlazorApp.Notifications;

var builder = WebApplication.CreateBuilder(args);

// Users in SQLite, Login's logins beside them, DataProtection keys on disk: App_Data under the project by default,
// BlazorApp:DataDirectory moves it. The setup is Login.WebApp's (samples/Login.Samples.Accounts).
builder.AddSampleAccounts("BlazorApp:DataDirectory", "Login.BlazorApp", o => o.LoginView = "/login");

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddSignalR();
builder.Services.AddSingleton<Notifier>();

var app = builder.Build();

var users = app.Services.GetRequiredService<UserStore>();
await users.CreateSchemaAsync();
if (app.Environment.IsDevelopment())
{
    await DemoAccounts.CreateAsync(users);
}
else
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseLogin();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapHub<NotificationsHub>(NotificationsHub.Path);

app.Lifetime.ApplicationStarted.Register(() => DemoAccounts.PrintWelcome(app.Urls, app.Environment));

app.Run();
