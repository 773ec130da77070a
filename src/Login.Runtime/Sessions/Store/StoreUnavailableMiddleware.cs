using Microsoft.AspNetCore.Http;

namespace Login.Sessions.Store;

/// <summary>
/// The outermost middleware (put there by <see cref="StoreUnavailableStartupFilter"/>): a
/// <see cref="LoginStoreUnavailableException"/> that nothing else handled (a login or logout in the app's handler while
/// the store is down) becomes 503 with <c>Retry-After</c> rather than a 500.
/// </summary>
internal sealed class StoreUnavailableMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var running = next(context);
        return running.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(running, context);
    }

    private static async Task AwaitAsync(Task running, HttpContext context)
    {
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (Exception e) when (StoreUnavailableAnswer.CanAnswer(context, e))
        {
            await StoreUnavailableAnswer.WriteAsync(context, e).ConfigureAwait(false);
        }
    }
}
