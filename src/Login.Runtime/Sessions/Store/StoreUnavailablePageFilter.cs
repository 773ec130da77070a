using Microsoft.AspNetCore.Diagnostics;

namespace Login.Sessions.Store;

/// <summary>
/// For the developer exception page (Development), which would otherwise show <see cref="LoginStoreUnavailableException"/>
/// as a 500: the store being down is an answer a developer should see as users will, 503 with <c>Retry-After</c>.
/// </summary>
internal sealed class StoreUnavailablePageFilter : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next) =>
        errorContext.Exception is LoginStoreUnavailableException && !errorContext.HttpContext.Response.HasStarted
            ? StoreUnavailableAnswer.WriteAsync(errorContext.HttpContext, errorContext.Exception)
            : next(errorContext);
}
