using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Loading;

/// <summary>Resolves the current user as a request service.</summary>
internal static class CurrentUserFactory
{
    public static object Create(IServiceProvider services)
    {
        var context = services.GetRequiredService<IHttpContextAccessor>().HttpContext
            ?? throw new InvalidOperationException("The current Login user can only be resolved during a request.");
        var loading = context.GetCurrentUserAsync();

        // A guard has loaded the user before the handler's parameters are bound, so this does not block there.
        // Elsewhere, take the user with GetCurrentUserAsync(), which does not block on an asynchronous loader.
        if (!loading.IsCompleted)
        {
            throw new InvalidOperationException(
                "The current user is not loaded yet. Inject it only into [LoginRequired] handlers, or call await http.GetCurrentUserAsync().");
        }

        var user = loading.Result;
        return user.IsAuthenticated ? user : throw new InvalidOperationException(
            "Nobody is logged in. Mark the handler [LoginRequired], or take the user with await http.GetCurrentUserAsync().");
    }
}
