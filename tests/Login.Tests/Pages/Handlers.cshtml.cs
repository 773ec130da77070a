using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.Tests.Pages;

/// <summary>A page open to all with guarded handler methods: a page is one endpoint, whichever handler runs.</summary>
[IgnoreAntiforgeryToken]
public sealed class HandlersModel : PageModel
{
    public static int SecretRuns;

    public string Message { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Note { get; set; }

    public void OnGet() => Message = "open handler";

    [LoginRequired]
    public void OnGetSecret()
    {
        Interlocked.Increment(ref SecretRuns);
        Message = $"secret handler of {User.Identity?.Name}";
    }

    [FreshLoginRequired]
    public void OnPostDelete() => Message = "deleted";
}
