using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>
/// The login form (<c>LoginOptions.LoginView</c>): guarded pages send anonymous visitors here with <c>?next=</c>, and
/// a successful login goes back there, if it is a safe local address.
/// </summary>
public sealed class LoginModel(UserStore users) : PageModel
{
    public const string RegisteredEmailKey = "RegisteredEmail";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public bool Remember { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Next { get; set; }

    public string? Problem { get; private set; }

    public void OnGet() => Email = TempData[RegisteredEmailKey] as string;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Password))
        {
            Problem = "Enter your email and your password.";
            return Page();
        }

        var user = Password.Length <= AccountRules.MaxPasswordLength
            ? await users.CheckPasswordAsync(Email, Password, cancellationToken)
            : null;
        if (user is null)
        {
            // One message for an unknown email and a wrong password, so the form does not tell who has an account.
            Problem = "That email and password do not match an account. Check them and try again.";
            return Page();
        }

        if (!await HttpContext.LoginUserAsync(user, remember: Remember))
        {
            Problem = "This account is disabled, so it cannot log in.";
            return Page();
        }

        HttpContext.Flash($"Welcome back, {user.Email}.", "success");
        return Redirect(LoginUrls.GetSafeRedirect(Next, fallback: "/account"));
    }
}
