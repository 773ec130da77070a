using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>The logged-in user's account: email, how this login came about, and the API key for <c>/api/me</c>.</summary>
[LoginRequired]
public sealed class IndexModel(UserStore users) : PageModel
{
    public User Me { get; private set; } = null!;

    public string? ApiKey { get; private set; }

    public bool Fresh { get; private set; }

    public bool Remembered { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Me = await HttpContext.GetLoggedInUserAsync();
        ApiKey = await users.GetApiKeyAsync(Me, cancellationToken);
        Fresh = await HttpContext.IsLoginFreshAsync();
        Remembered = await HttpContext.IsLoginRememberedAsync();
    }

    public async Task<IActionResult> OnPostNewKeyAsync(CancellationToken cancellationToken)
    {
        await users.ReplaceApiKeyAsync(await HttpContext.GetLoggedInUserAsync(), cancellationToken);
        HttpContext.Flash("You have a new API key. The old one no longer works.", "success");
        return RedirectToPage();
    }
}
