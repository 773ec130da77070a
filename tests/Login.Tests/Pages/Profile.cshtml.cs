using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.Tests.Pages;

/// <summary>A Razor Page guarded on its page model.</summary>
[LoginRequired]
public sealed class ProfileModel : PageModel
{
    public string? UserId { get; private set; }

    public async Task OnGetAsync() => UserId = (await HttpContext.GetCurrentUserAsync()).GetId();
}
