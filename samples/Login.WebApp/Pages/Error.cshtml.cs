using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>
/// The exception handler's page outside Development. When Login cannot reach its session store it throws
/// <see cref="LoginStoreUnavailableException"/>: that is a 503 with Retry-After (see docs/deploying.md), not a 500.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public bool Unavailable { get; private set; }

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        Unavailable = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is LoginStoreUnavailableException;
        if (Unavailable)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
        }
    }
}
