// Flask-Login's README example, ported: a form at /login, a protected page, and logout.
using System.Net;
using Login;
using Login.Sample;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAntiforgery();
builder.Services.AddLogin(o => o.LoginView = "/login");

var app = builder.Build();
app.UseAntiforgery();
app.UseLogin();

app.MapGet("/", () => Results.Redirect("/protected"));

app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? next) =>
{
    var token = antiforgery.GetAndStoreTokens(http);
    var messages = string.Concat(http.GetFlashedMessages().Select(m =>
        $"<p class=\"{WebUtility.HtmlEncode(m.Category)}\">{WebUtility.HtmlEncode(m.Message)}</p>"));
    var html = $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Log in</title></head>
        <body>
          <h1>Log in</h1>
          {messages}
          <form action="/login" method="post">
            <input type="hidden" name="{token.FormFieldName}" value="{token.RequestToken}">
            <input type="hidden" name="next" value="{WebUtility.HtmlEncode(LoginUrls.GetSafeRedirect(next, "/protected"))}">
            <label>Email <input type="text" name="email" id="email" autocomplete="username"></label>
            <label>Password <input type="password" name="password" id="password" autocomplete="current-password"></label>
            <input type="submit" name="submit" value="Log in">
          </form>
        </body>
        </html>
        """;
    return Results.Content(html, "text/html; charset=utf-8");
});

app.MapPost("/login", async (HttpContext http, [FromForm] string? email, [FromForm] string? password, [FromForm] string? next) =>
{
    var user = Users.CheckPassword(email, password);
    if (user is null)
    {
        return Results.Redirect("/login");
    }

    await http.LoginUserAsync(user);
    return Results.Redirect(LoginUrls.GetSafeRedirect(next, "/protected"));
});

app.MapGet("/protected", [LoginRequired] (User user) => $"Logged in as: {user.Id}");

// Logging out changes state, so it is a POST with an antiforgery token: a GET would let any page log its visitors out
// (an <img src="/logout">). GET shows the button.
app.MapGet("/logout", (HttpContext http, IAntiforgery antiforgery) =>
{
    var token = antiforgery.GetAndStoreTokens(http);
    var html = $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Log out</title></head>
        <body>
          <form action="/logout" method="post">
            <input type="hidden" name="{token.FormFieldName}" value="{token.RequestToken}">
            <input type="submit" name="submit" value="Log out">
          </form>
        </body>
        </html>
        """;
    return Results.Content(html, "text/html; charset=utf-8");
});

// Taking the form is what makes ASP.NET Core check its antiforgery token (UseAntiforgery only records the check): a
// POST from another site, without the token, is a 400 and logs nobody out.
app.MapPost("/logout", async (HttpContext http, IFormCollection form) =>
{
    await http.LogoutUserAsync();
    return "Logged out";
});

app.Run();
