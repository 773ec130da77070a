using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;

namespace Login.Guards;

/// <summary>
/// Guards what endpoint metadata cannot describe: a Razor Pages handler method marked
/// <see cref="LoginRequiredAttribute">[LoginRequired]</see> (a page is one endpoint whatever handler runs), and
/// controllers when MVC runs without endpoint routing. Registered as a global MVC filter by <c>AddLogin</c>.
/// </summary>
/// <remarks>
/// A page handler is checked twice: before model binding, on the handler Razor Pages is about to select (so a refused
/// request binds nothing), and again on the handler actually selected, in case a page filter changed the choice.
/// <c>[AllowAnonymous]</c> on a handler method does not open a page guarded as a whole, as with <c>[Authorize]</c>.
/// </remarks>
internal sealed class LoginMvcFilter : IAsyncAuthorizationFilter, IAsyncPageFilter, IOrderedFilter
{
    private readonly ConcurrentDictionary<HandlerMethodDescriptor, LoginRequirement?> _handlers = new();

    // Before authorization filters of the app's own, as routing-level guards run before them.
    public int Order => int.MinValue + 100;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        LoginRequirement? requirement;
        if (context.ActionDescriptor is CompiledPageActionDescriptor page)
        {
            var selector = http.RequestServices.GetService<IPageHandlerMethodSelector>();
            var handler = selector?.Select(new PageContext(context) { ActionDescriptor = page });
            requirement = handler is null ? null : RequirementOf(page, handler);
        }
        else
        {
            // An action under endpoint routing was guarded when routing chose it; without endpoint routing, here.
            requirement = http.GetEndpoint() is null ? LoginRequirements.Of(context.ActionDescriptor.EndpointMetadata.ToArray()) : null;
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

    /// <summary>The handler's own requirement (its attributes read after the page's metadata); <c>null</c> without one.</summary>
    private LoginRequirement? RequirementOf(CompiledPageActionDescriptor page, HandlerMethodDescriptor handler) =>
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
