using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Login.Loading;

/// <summary>
/// Loads the current user, awaiting an asynchronous loader, before a view or a page renders, so that
/// <see cref="CurrentUser"/>'s synchronous members (<c>@CurrentUser.IsAuthenticated</c> in a view, its layout, its
/// partials and view components) find it loaded and never block a thread on it. Registered as a global MVC filter by
/// <c>AddLogin</c>.
/// </summary>
/// <remarks>
/// A view cannot be asked beforehand whether it reads the user (its layout and partials are chosen while it renders),
/// so every view and page result loads it: at most once per request, and without any loader call for a request with no
/// cookie when the app has no request or header loader. Results that render no view (JSON, redirects, files) load
/// nothing. An always-run filter, so views set by other filters (an error view from an exception filter) are covered.
/// </remarks>
internal sealed class CurrentUserViewFilter : IAsyncAlwaysRunResultFilter, IOrderedFilter
{
    // Outside the app's own result filters, which may render or inspect views too.
    public int Order => int.MinValue + 100;

    public Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is not (ViewResult or PartialViewResult or PageResult or ViewComponentResult))
        {
            return next();
        }

        var loading = context.HttpContext.GetCurrentUserAsync();
        return loading.IsCompleted ? next() : RenderWhenLoaded(loading, next);
    }

    private static async Task RenderWhenLoaded(ValueTask<IUser> loading, ResultExecutionDelegate next)
    {
        await loading.ConfigureAwait(false);
        await next().ConfigureAwait(false);
    }
}
