using Login.Diagnostics;
using Login.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Login.Guards;

/// <summary>
/// What a guard answers when it stops a request (Flask-Login's <c>unauthorized</c> and <c>needs_refresh</c>): fire the
/// event, then a custom handler if set, else 401 without a view, else flash the message and redirect to the view.
/// </summary>
internal static class LoginChallenge
{
    public static Task UnauthorizedAsync(HttpContext context, LoginRequestState state)
    {
        var options = state.Service.Options;
        var view = context.GetEndpoint()?.Metadata.GetMetadata<LoginViewMetadata>() is { } groupView ? groupView.LoginView : options.LoginView;
        return ChallengeAsync(context, state, new Challenge(
            "unauthorized", "not logged in", options.Events.OnUnauthorized, options.UnauthorizedHandler,
            "Unauthorized", options.LoginMessage, "Log in to access this resource.", options.LoginMessageCategory, view));
    }

    public static Task NeedsRefreshAsync(HttpContext context, LoginRequestState state)
    {
        var options = state.Service.Options;
        return ChallengeAsync(context, state, new Challenge(
            "needs_refresh", "login not fresh", options.Events.OnNeedsRefresh, options.NeedsRefreshHandler,
            "Fresh login required", options.NeedsRefreshMessage, "Log in again to access this resource.", options.NeedsRefreshMessageCategory,
            options.RefreshView));
    }

    private static async Task ChallengeAsync(HttpContext context, LoginRequestState state, Challenge challenge)
    {
        state.Service.Metrics.Challenges.Add(1, new KeyValuePair<string, object?>("reason", challenge.Reason));
        LoginLog.Challenged(state.Service.Logger, context.Request.Path, challenge.LogReason);
        if (challenge.Event is { } fire)
        {
            await fire(context).ConfigureAwait(false);
        }

        if (challenge.Handler is { } handler)
        {
            await handler(context).ConfigureAwait(false);
            return;
        }

        if (state.Service.Options.ApiRequestsGet401 && IsApiRequest(context))
        {
            await ProblemAsync(context, challenge.ProblemTitle, challenge.Message ?? challenge.ProblemFallback).ConfigureAwait(false);
            return;
        }

        Redirect(context, state, challenge.View, challenge.Message, challenge.Category);
    }

    /// <summary>The two ways a guard stops a request differ only in these.</summary>
    private readonly record struct Challenge(
        string Reason,
        string LogReason,
        Func<HttpContext, Task>? Event,
        Func<HttpContext, Task>? Handler,
        string ProblemTitle,
        string? Message,
        string ProblemFallback,
        string Category,
        string? View);

    /// <summary>
    /// Whether a redirect to an HTML form would be useless to the client: the endpoint is an API endpoint as ASP.NET
    /// Core's cookie authentication sees it, or the request says it is a script or wants JSON.
    /// </summary>
    private static bool IsApiRequest(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAllowCookieRedirectMetadata>() is not null)
        {
            return false;
        }

        if (metadata?.GetMetadata<IDisableCookieRedirectMetadata>() is not null)
        {
            return true;
        }

        var headers = context.Request.Headers;
        if (string.Equals(headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal))
        {
            return true;
        }

        var accept = headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task ProblemAsync(HttpContext context, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = title,
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        };
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json").ConfigureAwait(false);
    }

    private static void Redirect(HttpContext context, LoginRequestState state, string? view, string? message, string category)
    {
        var response = context.Response;
        if (view is null)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var options = state.Service.Options;
        if (!string.IsNullOrEmpty(message))
        {
            state.Flash(Localize(context, options, message), category);
        }

        var request = context.Request;
        var loginUrl = ResolveView(context, view);
        if (options.ForceHostForRedirects is { } host && loginUrl.StartsWith('/'))
        {
            loginUrl = "//" + host + loginUrl;
        }

        var currentUrl = request.Scheme + "://" + request.Host.ToUriComponent()
            + request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        response.StatusCode = StatusCodes.Status302Found;
        if (options.UseSessionForNext)
        {
            state.SetNext(LoginUrls.MakeNextParam(loginUrl, currentUrl));
            response.Headers.Location = loginUrl;
        }
        else
        {
            response.Headers.Location = LoginUrls.LoginUrl(loginUrl, currentUrl, options.NextField);
        }
    }

    /// <summary>A path (under the app's path base), an absolute URL, or an endpoint name.</summary>
    internal static string ResolveView(HttpContext context, string view)
    {
        if (view.StartsWith('/'))
        {
            return context.Request.PathBase.Add(new PathString(view)).ToUriComponent();
        }

        if (Uri.TryCreate(view, UriKind.Absolute, out _))
        {
            return view;
        }

        var links = context.RequestServices.GetRequiredService<LinkGenerator>();
        return links.GetPathByName(context, view, values: null)
            ?? throw new InvalidOperationException($"The login view \"{view}\" names no endpoint; name one with .WithName(\"{view}\") or use a path.");
    }

    private static string Localize(HttpContext context, LoginOptions options, string message)
    {
        if (options.LocalizeCallback is { } localize)
        {
            return localize(message);
        }

        return context.RequestServices.GetService<IStringLocalizer<LoginOptions>>() is { } localizer ? localizer[message].Value : message;
    }
}
