using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>
/// Changing the password needs a fresh login: someone who found the browser still logged in by its remember cookie is
/// sent to <c>/account/reauthenticate</c> (<c>LoginOptions.RefreshView</c>) first. The API key is replaced with the
/// password, and every other login of the user ends.
/// </summary>
[FreshLoginRequired]
public sealed class PasswordModel(UserStore users) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!AccountRules.CheckNewPassword(Password, out var problem))
        {
            Problem = problem;
            return Page();
        }

        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            Problem = "The two passwords are different. Type the same new password twice.";
            return Page();
        }

        await users.ChangePasswordAsync(await HttpContext.GetLoggedInUserAsync(), Password!, cancellationToken);

        // Whoever else had the old password (or a cookie from it) is out, on every device; this browser stays. The API
        // key was replaced with the password (UserStore.ChangePasswordAsync), so a copied key is out as well.
        var ended = await HttpContext.LogoutEverywhereAsync(keepCurrent: true);
        HttpContext.Flash(
            ended switch
            {
                0 => "Your password has been changed.",
                1 => "Your password has been changed, and your other session was logged out.",
                _ => $"Your password has been changed, and your {ended} other sessions were logged out.",
            } + " Your API key was replaced too: scripts need the new one.",
            "success");
        return RedirectToPage("/Account/Index");
    }
}
