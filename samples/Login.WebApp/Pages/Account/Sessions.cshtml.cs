using Login.WebApp.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages.Account;

/// <summary>
/// The user's logins, as Login's session store keeps them: one row per browser or device, this one marked. Ending one
/// stops every cookie of that login at once, on every instance.
/// </summary>
[LoginRequired]
public sealed class SessionsModel(TimeProvider time) : PageModel
{
    public IReadOnlyList<LoginSession> Sessions { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Sessions = await HttpContext.GetLoginSessionsAsync();
        Now = time.GetUtcNow();
    }

    public async Task<IActionResult> OnPostEndAsync(string? id)
    {
        var session = (await HttpContext.GetLoginSessionsAsync()).FirstOrDefault(s => s.Id == id);
        if (session is null || !await HttpContext.EndLoginSessionAsync(session.Id))
        {
            HttpContext.Flash("That session had already ended.", "error");
            return RedirectToPage();
        }

        if (session.IsCurrent)
        {
            HttpContext.Flash("You have been logged out.", "success");
            return RedirectToPage("/Index");
        }

        HttpContext.Flash($"Logged out {DeviceName.FromUserAgent(session.UserAgent)} ({session.IpAddress ?? "unknown address"}).", "success");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOthersAsync()
    {
        var ended = await HttpContext.LogoutEverywhereAsync(keepCurrent: true);
        HttpContext.Flash(ended == 1 ? "Logged out 1 other session." : $"Logged out {ended} other sessions.", "success");
        return RedirectToPage();
    }
}
