using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>
/// The API key for <c>/api/me</c>, shown and replaced only after a fresh login: whoever finds the browser still logged
/// in by its remember cookie could otherwise copy the key, or make a new one, and keep using it after the owner changes
/// the password. <c>[FreshLoginRequired]</c> guards both the GET and the POST; a login that is not fresh is sent to
/// <c>/account/reauthenticate</c> (<c>LoginOptions.RefreshView</c>) first. Changing the password replaces the key.
/// </summary>
[FreshLoginRequired]
public sealed class ApiKeyModel(UserStore users) : PageModel
{
    public string? ApiKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        ApiKey = await users.GetApiKeyAsync(await HttpContext.GetLoggedInUserAsync(), cancellationToken);

    public async Task<IActionResult> OnPostNewKeyAsync(CancellationToken cancellationToken)
    {
        await users.ReplaceApiKeyAsync(await HttpContext.GetLoggedInUserAsync(), cancellationToken);
        HttpContext.Flash("You have a new API key. The old one no longer works.", "success");
        return RedirectToPage();
    }
}
