using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Login.BlazorApp.Accounts;

/// <summary>
/// Logging in and out: minimal API endpoints that the forms post to (a circuit cannot set a cookie, a request can).
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // [FromForm] parameters: the endpoint validates the form's antiforgery token itself (400 without it).
        endpoints.MapPost(LoginPath, LogInAsync);
        endpoints.MapPost(LogoutPath, LogOutAsync);
    }

    private static async Task<IResult> LogInAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] bool? remember, [FromForm] string? next,
        HttpContext http, UserStore users, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return BackToTheForm(http, "Enter your email and your password.", next);
        }

        var user = password.Length <= AccountRules.MaxPasswordLength
            ? await users.CheckPasswordAsync(email, password, cancellationToken)
            : null;
        if (user is null)
        {
            // One message for an unknown email and a wrong password, so the form does not tell who has an account.
            return BackToTheForm(http, "That email and password do not match an account. Check them and try again.", next);
        }

        if (!await http.LoginUserAsync(user, remember: remember ?? false))
        {
            return BackToTheForm(http, "This account is disabled, so it cannot log in.", next);
        }

        return Results.LocalRedirect(LoginUrls.GetSafeRedirect(next, fallback: "/live"));
    }

    private static async Task<IResult> LogOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        // This handler reads no form field, and UseAntiforgery() only records its verdict for the handlers that do:
        // without this check, another site could log the visitor out with a bare cross-site POST.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(
                "The logout form has expired or did not come from this site. Go back, reload the page and log out again.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        await http.LogoutUserAsync();
        http.Flash("You have been logged out.", "success");
        return Results.LocalRedirect("/login");
    }

    private static IResult BackToTheForm(HttpContext http, string problem, string? next)
    {
        http.Flash(problem, "error");
        var safeNext = LoginUrls.IsSafeRedirect(next) ? next : null;
        return Results.LocalRedirect(LoginUrls.LoginUrl("/login", safeNext));
    }
}
