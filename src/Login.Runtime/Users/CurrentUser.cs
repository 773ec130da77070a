using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>
/// The current user as a request service (Flask-Login's <c>current_user</c> proxy): inject it into Razor views
/// (<c>@inject Login.CurrentUser CurrentUser</c>, then <c>@if (CurrentUser.IsAuthenticated)</c>) or into services.
/// It is an <see cref="IUser"/> itself, standing for whoever is logged in, or the anonymous user.
/// </summary>
/// <remarks>
/// The user is loaded on first use, at most once per request. Behind a guard it is already loaded; elsewhere a
/// synchronous member waits for the loader, so on unguarded pages with an asynchronous loader prefer
/// <c>await CurrentUser.GetAsync()</c>.
/// </remarks>
public sealed class CurrentUser(IHttpContextAccessor accessor) : IUser
{
    private HttpContext Context => accessor.HttpContext
        ?? throw new InvalidOperationException("CurrentUser is only available during a request.");

    /// <summary>The logged-in user, or the anonymous user.</summary>
    public IUser Value
    {
        get
        {
            var loading = Context.GetCurrentUserAsync();
            return loading.IsCompletedSuccessfully ? loading.Result : loading.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The logged-in user, loading it without blocking.</summary>
    public ValueTask<IUser> GetAsync() => Context.GetCurrentUserAsync();

    /// <summary>The logged-in user as the application's user type, or <c>null</c> when nobody is logged in.</summary>
    public TUser? As<TUser>()
        where TUser : class, IUser => Value as TUser;

    /// <inheritdoc />
    public string? GetId() => Value.GetId();

    /// <inheritdoc />
    public bool IsActive => Value.IsActive;

    /// <inheritdoc />
    public bool IsAuthenticated => Value.IsAuthenticated;

    /// <inheritdoc />
    public bool IsAnonymous => Value.IsAnonymous;
}
