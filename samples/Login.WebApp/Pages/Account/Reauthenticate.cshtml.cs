using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>
/// The refresh view (Flask-Login's <c>refresh_view</c>): a logged-in user whose login is not fresh proves it is them
/// with their password, and <c>ConfirmLoginAsync</c> makes the login fresh again.
/// </summary>
[LoginRequired]
public sealed class ReauthenticateModel(UserStore users) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Next { get; set; }

    public string Email { get; private set; } = "";

    public string? Problem { get; private set; }

    public async Task OnGetAsync() => Email = (await HttpContext.GetLoggedInUserAsync()).Email;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var me = await HttpContext.GetLoggedInUserAsync();
        Email = me.Email;
        if (string.IsNullOrEmpty(Password) || Password.Length > AccountRules.MaxPasswordLength
            || !await users.CheckPasswordAsync(me, Password, cancellationToken))
        {
            Problem = "That is not your password. Try again.";
            return Page();
        }

        await HttpContext.ConfirmLoginAsync();
        return Redirect(LoginUrls.GetSafeRedirect(Next, fallback: "/account"));
    }
}
