using Login.Diagnostics;
using Login.Sessions;
using Login.Urls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Login.Guards;

/// <summary>
/// What a guard answers when it stops a request (Flask-Login's <c>unauthorized</c> and <c>needs_refresh</c>): fire the
/// event, then a custom handler if set, else 401 without a view, else flash the message and redirect to the view.
/// </summary>
internal static class LoginChallenge
{
    // The options' views, parsed the first time a challenge needs them and again only if the option's text changes.
    private static LoginView? s_loginView;
    private static LoginView? s_refreshView;

    /// <param name="context">The request.</param>
    /// <param name="state">The request's login state.</param>
    /// <param name="userType">
    /// The user type the endpoint requires (its login view, <see cref="LoginOptions.LoginViewFor{TUser}(string)"/>, is
    /// used when set), or <see langword="null"/> for any.
    /// </param>
    public static Task UnauthorizedAsync(HttpContext context, LoginRequestState state, Type? userType = null)
    {
        var options = state.Service.Options;
        // The endpoint's own view (RequireLogin(view)) is the most specific, then the user type's, then the app's.
        var view = context.GetEndpoint()?.Metadata.GetMetadata<LoginViewMetadata>() is { } groupView
            ? groupView.View
            : LoginViewOf(options, userType);
        return ChallengeAsync(context, state, new Challenge(
            "unauthorized", "not logged in", options.Events.OnUnauthorized, options.UnauthorizedHandler,
            "Unauthorized", options.LoginMessage, "Log in to access this resource.", options.LoginMessageCategory, view));
    }

    /// <summary>
    /// 403 for a request logged in as another user type than the endpoint requires: ProblemDetails for API clients (as
    /// 401 is chosen), a plain 403 otherwise. No login view: the same person logging in again would not help, and the
    /// handler never runs. The answer names no user and no id.
    /// </summary>
    public static Task ForbiddenAsync(HttpContext context, LoginRequestState state, IUser user, LoginDemand demand)
    {
        var service = state.Service;
        service.Metrics.Challenges.Add(1, new KeyValuePair<string, object?>("reason", "wrong_user_type"));
        LoginLog.WrongUserType(service.Logger, context.Request.Path.Value, RequiredTypeName(demand), user.GetType().Name);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return service.Options.ApiRequestsGet401 && IsApiRequest(context)
            ? ProblemAsync(context, StatusCodes.Status403Forbidden, WrongUserTypeTitle, WrongUserTypeDetail)
            : Task.CompletedTask;
    }

    /// <summary>The title of the 403 ProblemDetails for a login of another user type.</summary>
    internal const string WrongUserTypeTitle = "Another kind of account required";

    /// <summary>What a 403 for a login of another user type says (ProblemDetails, a hub method's refusal).</summary>
    internal const string WrongUserTypeDetail = "This resource needs another kind of account than the one logged in.";

    /// <summary>The required type for the log: its name, or what stands for two types that exclude each other.</summary>
    internal static string RequiredTypeName(LoginDemand demand) =>
        demand.HasConflictingUserTypes ? "two conflicting user types" : demand.UserType?.Name ?? "any user type";

    public static Task NeedsRefreshAsync(HttpContext context, LoginRequestState state)
    {
        var options = state.Service.Options;
        return ChallengeAsync(context, state, new Challenge(
            "needs_refresh", "login not fresh", options.Events.OnNeedsRefresh, options.NeedsRefreshHandler,
            "Fresh login required", options.NeedsRefreshMessage, "Log in again to access this resource.", options.NeedsRefreshMessageCategory,
            LoginView.FromOption(options.RefreshView, nameof(LoginOptions.RefreshView), ref s_refreshView)));
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
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, challenge.ProblemTitle, challenge.Message ?? challenge.ProblemFallback)
                .ConfigureAwait(false);
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
        LoginView? View);

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

        // A hub's negotiation and transports are read by a SignalR client, never shown: 401, so its StartAsync fails clearly.
        if (metadata?.GetMetadata<IDisableCookieRedirectMetadata>() is not null
            || metadata?.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is not null)
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

    private static async Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = status == StatusCodes.Status403Forbidden
                ? "https://tools.ietf.org/html/rfc9110#section-15.5.4"
                : "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        };
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json").ConfigureAwait(false);
    }

    private static void Redirect(HttpContext context, LoginRequestState state, LoginView? view, string? message, string category)
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

        var (loginUrl, next) = Target(view, view.Resolve(context), LocalUrl(context.Request), CurrentUrl(context.Request), options);
        response.StatusCode = StatusCodes.Status302Found;
        if (options.UseSessionForNext)
        {
            state.SetNext(next);
            response.Headers.Location = loginUrl;
        }
        else
        {
            response.Headers.Location = LoginUrls.WithNext(loginUrl, next, options.NextField);
        }
    }

    /// <summary>
    /// Where a challenge sends the browser and the next it names, for HTTP and for a circuit alike (which resolve the
    /// view and know the page's URL in their own ways): the view as resolved, with the host forced if the options say
    /// so, and the page as a next.
    /// </summary>
    /// <param name="view">The login or refresh view.</param>
    /// <param name="resolvedView">The view as <see cref="LoginView.Resolve(HttpContext)"/> resolved it.</param>
    /// <param name="localUrl">The page's path and query, escaped, path base included.</param>
    /// <param name="currentUrl">The page's absolute URL.</param>
    /// <param name="options">The options: whether to force a host.</param>
    internal static (string LoginUrl, string Next) Target(LoginView view, string resolvedView, string localUrl, string currentUrl, LoginOptions options)
    {
        // As Flask-Login's login_url: next is made against the view as it resolves (a path keeps only the page's path
        // and query), and only then is the host forced, so the redirect is //host/login?next=%2Fpage.
        var loginUrl = resolvedView;
        var next = view.Kind == LoginViewKind.AbsoluteUrl ? LoginUrls.NextParam(loginUrl, currentUrl) : localUrl;
        if (options.ForceHostForRedirects is { } host && view.Kind != LoginViewKind.AbsoluteUrl)
        {
            loginUrl = "//" + host + loginUrl;
        }

        return (loginUrl, next);
    }

    /// <summary>
    /// The login view for a login of <paramref name="userType"/>: the one <see cref="LoginOptions.LoginViewFor{TUser}(string)"/>
    /// gave that type (or the nearest base class that has one), else <see cref="LoginOptions.LoginView"/>; parsed once.
    /// Route groups' own views are the caller's to prefer (they do not apply to components).
    /// </summary>
    internal static LoginView? LoginViewOf(LoginOptions options, Type? userType = null)
    {
        var views = options.LoginViews;
        if (views.Count > 0)
        {
            for (var type = userType; type is not null; type = type.BaseType)
            {
                if (views.TryGetValue(type, out var text))
                {
                    return UserTypeLoginViews.Of(type, text);
                }
            }
        }

        return LoginView.FromOption(options.LoginView, nameof(LoginOptions.LoginView), ref s_loginView);
    }

    /// <summary>The refresh view of the options, parsed once.</summary>
    internal static LoginView? RefreshViewOf(LoginOptions options) =>
        LoginView.FromOption(options.RefreshView, nameof(LoginOptions.RefreshView), ref s_refreshView);

    /// <summary>The page's path and query, escaped: what make_next_param keeps of the page's URL for a view on the same host.</summary>
    private static string LocalUrl(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).ToUriComponent();
        var query = request.QueryString.Value;
        return query is null || query.Length <= 1 ? path : path + query;
    }

    private static string CurrentUrl(HttpRequest request) =>
        request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();

    private static string Localize(HttpContext context, LoginOptions options, string message)
    {
        if (options.LocalizeCallback is { } localize)
        {
            return localize(message);
        }

        return context.RequestServices.GetService<IStringLocalizer<LoginOptions>>() is { } localizer ? localizer[message].Value : message;
    }
}
