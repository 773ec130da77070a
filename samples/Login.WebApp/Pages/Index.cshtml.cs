using Login.WebApp.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>The front page: who is logged in, or the way to log in.</summary>
public sealed class IndexModel : PageModel
{
    public User? Me { get; private set; }

    public async Task OnGetAsync() => Me = await HttpContext.GetCurrentUserAsync<User>();
}
