using Login.Diagnostics;
using Login.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Login.Guards;

/// <summary>
/// The check behind <see cref="LoginRequiredAttribute">[LoginRequired]</see> and
/// <see cref="FreshLoginRequiredAttribute">[FreshLoginRequired]</see> (and their <c>&lt;TUser&gt;</c> forms): lets the
/// request through, or answers it (redirect to the login or refresh view, 401, or 403 for a login of another user type)
/// and stops it.
/// </summary>
internal static class LoginGuard
{
    /// <summary>Wraps an endpoint's request delegate so that it only runs for requests that pass.</summary>
    public static RequestDelegate Wrap(RequestDelegate endpoint, LoginDemand demand, LoginService? service) =>
        context => Run(context, demand, endpoint, service);

    /// <summary>Runs <paramref name="endpoint"/> when the request passes; otherwise answers it.</summary>
    public static Task Run(HttpContext context, LoginDemand demand, RequestDelegate endpoint, LoginService? service)
    {
        var passing = PassAsync(context, demand, service);
        if (passing.IsCompletedSuccessfully)
        {
            return passing.Result ? endpoint(context) : Task.CompletedTask;
        }

        return AwaitThenRun(passing, endpoint, context);
    }

    private static async Task AwaitThenRun(ValueTask<bool> passing, RequestDelegate endpoint, HttpContext context)
    {
        if (await passing.ConfigureAwait(false))
        {
            await endpoint(context).ConfigureAwait(false);
        }
    }

    /// <summary><c>true</c> when the request may reach the endpoint; otherwise the response has been set.</summary>
    public static ValueTask<bool> PassAsync(HttpContext context, LoginDemand demand, LoginService? service)
    {
        var state = LoginRequestState.For(context, service);
        var options = state.Service.Options;
        if (options.LoginDisabled)
        {
            return new ValueTask<bool>(true);
        }

        if (options.ExemptMethods.Contains(context.Request.Method))
        {
            // Flask answers OPTIONS itself and never calls the view; ASP.NET Core would call the handler. So the guard
            // answers, for anyone, and the handler runs for no exempt method at all.
            AnswerExemptMethod(context, state);
            return new ValueTask<bool>(false);
        }

        var loading = state.GetUserAsync();
        if (loading.IsCompletedSuccessfully && Passes(state, demand, loading.Result))
        {
            LoginLog.GuardPassed(state.Service.Logger, context.Request.Path.Value, demand.Requirement);
            return new ValueTask<bool>(true);
        }

        return DecideAsync(context, state, demand, loading);
    }

    /// <summary>
    /// 204 with an <c>Allow</c> header naming the endpoint's methods, as a server answers <c>OPTIONS</c> for a resource.
    /// A CORS preflight is answered by the CORS middleware before any endpoint runs; one that reaches here gets no CORS
    /// headers, which a browser reads as "not allowed".
    /// </summary>
    private static void AnswerExemptMethod(HttpContext context, LoginRequestState state)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods: { Count: > 0 } methods })
        {
            var allow = new List<string>(methods.Count + 1);
            allow.AddRange(methods);
            if (!allow.Contains(HttpMethods.Options, StringComparer.OrdinalIgnoreCase))
            {
                allow.Add(HttpMethods.Options);
            }

            response.Headers.Allow = string.Join(", ", allow);
        }

        LoginLog.ExemptMethodAnswered(state.Service.Logger, context.Request.Method, context.Request.Path.Value);
    }

    /// <summary>503 with <c>Retry-After</c>: the session store has been out of reach for too long to vouch for a login.</summary>
    private static void AnswerStoreUnavailable(HttpContext context, LoginRequestState state)
    {
        var options = state.Service.Options;
        state.Service.Metrics.StoreUnavailable.Add(1);
        LoginLog.StoreTooStale(state.Service.Logger, context.Request.Path.Value, options.SessionStoreMaxStaleness);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
    }

    private static bool Passes(LoginRequestState state, LoginDemand demand, IUser user)
    {
        if (LoginDecisions.Decide(user, state.IsFresh, state.StoreUnavailable, demand) != LoginDecision.Pass)
        {
            return false;
        }

        state.PublishUser(user);
        return true;
    }

    private static async ValueTask<bool> DecideAsync(HttpContext context, LoginRequestState state, LoginDemand demand, ValueTask<IUser> loading)
    {
        var user = await loading.ConfigureAwait(false);
        switch (LoginDecisions.Decide(user, state.IsFresh, state.StoreUnavailable, demand))
        {
            case LoginDecision.StoreUnavailable:
                // The request's login may have ended where this instance cannot see: never a pass, never a 500.
                AnswerStoreUnavailable(context, state);
                return false;
            case LoginDecision.NotLoggedIn:
                await LoginChallenge.UnauthorizedAsync(context, state, demand.UserType).ConfigureAwait(false);
                return false;
            case LoginDecision.WrongUserType:
                // Never the handler, and never the user: a customer at an admin's page is told no, not asked to log in.
                await LoginChallenge.ForbiddenAsync(context, state, user, demand).ConfigureAwait(false);
                return false;
            case LoginDecision.NotFresh:
                await LoginChallenge.NeedsRefreshAsync(context, state).ConfigureAwait(false);
                return false;
            default:
                state.PublishUser(user);
                LoginLog.GuardPassed(state.Service.Logger, context.Request.Path.Value, demand.Requirement);
                return true;
        }
    }
}
