using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;

namespace Login.GuardSuite;

// The guarded shapes MVC and Razor Pages add to the suite: a page and a controller reached by their own routes, by a
// fallback (MapFallbackToPage, MapFallbackToController) and by a dynamic route (MapDynamicPageRoute,
// MapDynamicControllerRoute). The last four choose their endpoint while routing matches, and what they choose is an
// Endpoint that is not a RouteEndpoint.

/// <summary>A page guarded on its model; every method it has a handler for records that it ran.</summary>
[LoginRequired]
[IgnoreAntiforgeryToken] // the suite is about the guard; a logged-in POST must reach the handler
public sealed class SuitePageModel : PageModel
{
    public string Body { get; private set; } = "";

    public void OnGet() => Body = HandlerRuns.Ran(HttpContext, "page");

    public void OnPost() => Body = HandlerRuns.Ran(HttpContext, "page");

    public void OnPut() => Body = HandlerRuns.Ran(HttpContext, "page");

    public void OnDelete() => Body = HandlerRuns.Ran(HttpContext, "page");

    public void OnPatch() => Body = HandlerRuns.Ran(HttpContext, "page");
}

/// <summary>A controller guarded as a whole, reached by its own route, a fallback and a dynamic route.</summary>
[LoginRequired]
public sealed class SuiteController : Controller
{
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", Route = "suite/controller")]
    public string Guarded() => HandlerRuns.Ran(HttpContext, "controller");
}

/// <summary>Sends every request of a dynamic page route to the guarded page.</summary>
public sealed class ToSuitePage : DynamicRouteValueTransformer
{
    public override ValueTask<RouteValueDictionary> TransformAsync(HttpContext httpContext, RouteValueDictionary values) =>
        new(new RouteValueDictionary { ["page"] = SuiteMvc.PageName });
}

/// <summary>Sends every request of a dynamic controller route to the guarded action.</summary>
public sealed class ToSuiteAction : DynamicRouteValueTransformer
{
    public override ValueTask<RouteValueDictionary> TransformAsync(HttpContext httpContext, RouteValueDictionary values) =>
        new(new RouteValueDictionary { ["controller"] = "Suite", ["action"] = nameof(SuiteController.Guarded) });
}

public static class SuiteMvc
{
    /// <summary>The page's name: its path under Pages/, as both test projects link it.</summary>
    public const string PageName = "/GuardSuite/SuitePage";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        routes.MapControllers();
        routes.MapFallbackToPage("suite/fallback-page/{*rest}", PageName);
        routes.MapFallbackToController("suite/fallback-controller/{*rest}", nameof(SuiteController.Guarded), "Suite");
        routes.MapDynamicPageRoute<ToSuitePage>("suite/dynamic-page/{**rest}");
        routes.MapDynamicControllerRoute<ToSuiteAction>("suite/dynamic-controller/{**rest}");
    }
}
