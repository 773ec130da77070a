using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;

namespace Login.Guards;

/// <summary>
/// Guards what endpoint metadata cannot describe: a Razor Pages handler method marked
/// <see cref="LoginRequiredAttribute">[LoginRequired]</see> (a page is one endpoint whatever handler runs); and any
/// guarded controller, action or page that routing did not guard: MVC without endpoint routing, or an endpoint chosen by
/// something other than routing (a middleware calling <c>SetEndpoint</c>). Registered as a global MVC filter by
/// <c>AddLogin</c>, so MVC never runs a guarded action unguarded, whatever chose it.
/// </summary>
/// <remarks>
/// A page handler is checked twice: before model binding, on the handler Razor Pages is about to select (so a refused
/// request binds nothing), and again on the handler actually selected, in case a page filter changed the choice.
/// <c>[AllowAnonymous]</c> on a handler method does not open a page guarded as a whole, as with <c>[Authorize]</c>.
/// </remarks>
internal sealed class LoginMvcFilter : IAsyncAuthorizationFilter, IAsyncPageFilter, IOrderedFilter
{
    private readonly ConcurrentDictionary<HandlerMethodDescriptor, LoginDemand?> _handlers = new();
    private readonly ConcurrentDictionary<ActionDescriptor, LoginDemand?> _actions = new();

    // Before authorization filters of the app's own, as routing-level guards run before them.
    public int Order => int.MinValue + 100;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;

        // Routing puts a guard in front of every endpoint it chooses (LoginGuardMatcherPolicy) and marks it; anything
        // else that runs an action is checked here against the action's own metadata.
        var guardedByRouting = http.GetEndpoint()?.Metadata.GetMetadata<GuardedEndpointMetadata>() is not null;
        var requirement = guardedByRouting ? null : RequirementOf(context.ActionDescriptor);
        if (context.ActionDescriptor is CompiledPageActionDescriptor page)
        {
            var selector = http.RequestServices.GetService<IPageHandlerMethodSelector>();
            var handler = selector?.Select(new PageContext(context) { ActionDescriptor = page });
            if (handler is not null && RequirementOf(page, handler) is { } ofHandler)
            {
                requirement = ofHandler; // the handler's attributes read after the page's: the stronger of both
            }
        }

        if (requirement is { } needed && !await LoginGuard.PassAsync(http, needed, service: null).ConfigureAwait(false))
        {
            context.Result = new EmptyResult(); // the guard has answered
        }
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is { } handler && RequirementOf(context.ActionDescriptor, handler) is { } needed
            && !await LoginGuard.PassAsync(context.HttpContext, needed, service: null).ConfigureAwait(false))
        {
            context.Result = new EmptyResult();
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>What an action or a page as a whole requires, from the metadata its endpoint is built from.</summary>
    private LoginDemand? RequirementOf(ActionDescriptor action) =>
        _actions.GetOrAdd(action, static action => LoginRequirements.Of(action.EndpointMetadata.ToArray()));

    /// <summary>The handler's own requirement (its attributes read after the page's metadata); <c>null</c> without one.</summary>
    private LoginDemand? RequirementOf(CompiledPageActionDescriptor page, HandlerMethodDescriptor handler) =>
        _handlers.GetOrAdd(handler, static (handler, page) =>
        {
            var attributes = handler.MethodInfo.GetCustomAttributes(inherit: true);
            if (!Array.Exists(attributes, a => a is ILoginRequirementMetadata))
            {
                return null;
            }

            var metadata = new List<object>(page.EndpointMetadata);
            metadata.AddRange(attributes);
            return LoginRequirements.Of(metadata);
        }, page);
}
