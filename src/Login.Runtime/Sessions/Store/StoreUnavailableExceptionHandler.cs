using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions.Store;

/// <summary>
/// For apps with <c>UseExceptionHandler</c>, which would otherwise answer <see cref="LoginStoreUnavailableException"/>
/// with their error page and a 500: ASP.NET Core asks every <see cref="IExceptionHandler"/> first.
/// </summary>
internal sealed class StoreUnavailableExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not LoginStoreUnavailableException)
        {
            return false;
        }

        await StoreUnavailableAnswer.WriteAsync(httpContext, exception).ConfigureAwait(false);
        return true;
    }
}
