using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>Creates an account, then sends the new user to log in.</summary>
public sealed class RegisterModel(UserStore users) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? EmailProblem { get; private set; }

    public string? PasswordProblem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = AccountRules.CheckEmail(Email, out var emailProblem);
        AccountRules.CheckNewPassword(Password, out var passwordProblem);
        EmailProblem = emailProblem;
        PasswordProblem = passwordProblem;
        if (email is null || passwordProblem is not null)
        {
            return Page();
        }

        if (await users.RegisterAsync(email, Password!, cancellationToken) == Registration.EmailTaken)
        {
            EmailProblem = "An account with this email already exists. Log in, or use another address.";
            return Page();
        }

        HttpContext.Flash("Your account is ready. Log in to start.", "success");
        TempData[LoginModel.RegisteredEmailKey] = email;
        return RedirectToPage("/Login");
    }
}
