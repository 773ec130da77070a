using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>
/// The logged-in user's account: email and how this login came about. The API key is not shown here, where a login
/// restored from the remember cookie is enough, but on <c>/account/api-key</c>, which needs a fresh login.
/// </summary>
[LoginRequired]
public sealed class IndexModel : PageModel
{
    public User Me { get; private set; } = null!;

    public bool Fresh { get; private set; }

    public bool Remembered { get; private set; }

    public async Task OnGetAsync()
    {
        Me = await HttpContext.GetLoggedInUserAsync();
        Fresh = await HttpContext.IsLoginFreshAsync();
        Remembered = await HttpContext.IsLoginRememberedAsync();
    }
}
