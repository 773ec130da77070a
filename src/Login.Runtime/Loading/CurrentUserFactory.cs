using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Loading;

/// <summary>Resolves the current user as a request service of a user type.</summary>
internal static class CurrentUserFactory
{
    /// <summary>
    /// The factory of the request service <paramref name="userType"/>: the current user when it is of that user type,
    /// else an error (a handler taking an <c>Admin</c> is never handed a <c>Customer</c>, whatever the ids).
    /// </summary>
    public static Func<IServiceProvider, object> For(Type userType) => services => Create(services, userType);

    public static object Create(IServiceProvider services, Type userType)
    {
        var context = services.GetRequiredService<IHttpContextAccessor>().HttpContext
            ?? throw new InvalidOperationException("The current Login user can only be resolved during a request.");
        var login = Sessions.LoginRequestState.For(context);
        var loading = login.GetUserAsync();

        // A guard has loaded the user before the handler's parameters are bound, so this does not block there.
        // Elsewhere, take the user with GetCurrentUserAsync(), which does not block on an asynchronous loader.
        if (!loading.IsCompleted)
        {
            throw new InvalidOperationException(
                "The current user is not loaded yet. Inject it only into [LoginRequired] handlers, or call await http.GetCurrentUserAsync().");
        }

        var user = loading.Result;
        if (!user.IsAuthenticated)
        {
            throw new InvalidOperationException(
                "Nobody is logged in. Mark the handler [LoginRequired], or take the user with await http.GetCurrentUserAsync().");
        }

        var types = login.Service.UserTypes;
        var wanted = types.Of(userType);
        if (!userType.IsInstanceOfType(user) || wanted is not null && wanted.Type == userType && types.Of(user.GetType()) != wanted)
        {
            // The guard answers 403 before binding; this is for code that resolves the service without one.
            throw new InvalidOperationException(
                $"The current user is logged in as {types.Of(user.GetType())?.Key ?? user.GetType().Name}, not as a {userType.Name}. " +
                $"Guard the handler with [LoginRequired<{userType.Name}>], or take the user with await http.GetCurrentUserAsync<{userType.Name}>(), " +
                "which is null for another user type.");
        }

        return user;
    }
}
