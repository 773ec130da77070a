using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.WebApp.Pages;

/// <summary>
/// Every error a person can meet, as a page of the site rather than a blank one: the exception handler's page outside
/// Development (500, or 503 with Retry-After when Login cannot reach its session store: see docs/deploying.md), and the
/// status code pages' (<c>UseStatusCodePagesWithReExecute("/error/{0}")</c>) for a 400 such as a form whose
/// antiforgery token went stale, a 404, and the rest. It says what happened and what to do, never how the server failed.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>The ViewData key the layout reads to leave out the user and the flashes after an exception.</summary>
    public const string AfterExceptionKey = "AfterException";

    public int Status { get; private set; }

    public bool AfterException { get; private set; }

    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet() => Describe();

    // The handlers re-execute the request with its own method: a failed POST arrives here as a POST.
    public void OnPost() => Describe();

    private void Describe()
    {
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is { } exception)
        {
            AfterException = true;
            if (exception.Error is LoginStoreUnavailableException)
            {
                Set(StatusCodes.Status503ServiceUnavailable, "Try again in a moment",
                    "We can't reach the sessions database right now. Nothing is lost; reload the page in a few seconds.");
                Response.Headers.RetryAfter = "5";
            }
            else
            {
                Set(StatusCodes.Status500InternalServerError, "Something went wrong",
                    "The error has been logged. Try again, or come back later.");
            }

            return;
        }

        // Asked for directly (/error, /error/404), not re-executed for an error: there is no such page to show.
        var status = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? StatusCodes.Status404NotFound;
        switch (status)
        {
            case StatusCodes.Status400BadRequest:
                Set(status, "That did not work",
                    "The form you sent had expired or was not from this site (this happens when a page stays open a long time, or after you log in or out in another tab). Go back, reload the page and try again.");
                break;
            case StatusCodes.Status403Forbidden:
                Set(status, "Not allowed", "Your account cannot open this page.");
                break;
            case StatusCodes.Status404NotFound:
                Set(status, "Page not found", "There is no page at this address. Check it, or start again from the home page.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                Set(status, "That did not work", "This page cannot be used that way. Start again from the home page.");
                break;
            default:
                Set(status, "Something went wrong", $"The server answered {status}. Try again, or come back later.");
                break;
        }
    }

    private void Set(int status, string title, string explanation)
    {
        Status = status;
        Title = title;
        Explanation = explanation;
        Response.StatusCode = status;
    }
}
