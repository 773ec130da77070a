using Login.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Login.Sessions.Store;

/// <summary>
/// How a request that needed the session store while it was out of reach is answered: 503 with <c>Retry-After</c>, the
/// same answer a guard gives once the store has been silent too long. Never a 500: nothing is wrong with the request or
/// the app, and a logout or login tried again once the store is back succeeds.
/// </summary>
internal static class StoreUnavailableAnswer
{
    public const string RetryAfterSeconds = "5";

    /// <summary>Whether the response can still be turned into the answer.</summary>
    public static bool CanAnswer(HttpContext context, Exception exception) =>
        exception is LoginStoreUnavailableException && !context.Response.HasStarted;

    public static Task WriteAsync(HttpContext context, Exception exception)
    {
        var service = context.RequestServices.GetService<LoginService>();
        if (service is not null)
        {
            service.Metrics.StoreUnavailable.Add(1);
            LoginLog.StoreUnavailableAnswered(service.Logger, context.Request.Path.Value, exception);
        }

        // Whatever the handler had started to set (cookies included) is dropped: the login or logout did not happen.
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Task.CompletedTask;
    }
}
