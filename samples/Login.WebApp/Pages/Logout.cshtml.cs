using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>
/// Logging out is a POST with an antiforgery token (every page's header has the button), so another site cannot log
/// a visitor out with a link or an image; GET only asks.
/// </summary>
public sealed class LogoutModel : PageModel
{
    public bool LoggedIn { get; private set; }

    public async Task OnGetAsync() => LoggedIn = (await HttpContext.GetCurrentUserAsync()).IsAuthenticated;

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.LogoutUserAsync();
        HttpContext.Flash("You have been logged out.", "success");
        return RedirectToPage("/Index");
    }
}
