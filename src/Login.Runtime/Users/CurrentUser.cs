using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>
/// The current user as a request service (Flask-Login's <c>current_user</c> proxy): inject it into Razor views
/// (<c>@inject Login.CurrentUser CurrentUser</c>, then <c>@if (CurrentUser.IsAuthenticated)</c>) or into services.
/// It is an <see cref="IUser"/> itself, standing for whoever is logged in, or the anonymous user.
/// </summary>
/// <remarks>
/// <para>
/// The user is loaded on first use, at most once per request, and no member ever blocks a thread waiting for an
/// asynchronous <see cref="UserLoaderAttribute">[UserLoader]</see>. In MVC views, Razor Pages and their layouts and
/// partials the synchronous members just work: <c>AddLogin</c> registers a filter that awaits the user's load before
/// a view or page renders. Behind a guard the user is loaded already, and a synchronous loader completes at once.
/// </para>
/// <para>
/// Elsewhere (a service called from a minimal API handler, middleware, a Blazor component) call
/// <c>await CurrentUser.GetAsync()</c> first, or use its result: a synchronous member read while an asynchronous load
/// is still running throws <see cref="InvalidOperationException"/> instead of blocking.
/// </para>
/// </remarks>
public sealed class CurrentUser(IHttpContextAccessor accessor) : IUser
{
    private HttpContext Context => accessor.HttpContext
        ?? throw new InvalidOperationException("CurrentUser is only available during a request.");

    /// <summary>The logged-in user, or the anonymous user.</summary>
    /// <exception cref="InvalidOperationException">
    /// The user is not loaded yet and its asynchronous loader is still running: call <see cref="GetAsync"/> first.
    /// </exception>
    public IUser Value => Loaded(nameof(Value));

    /// <summary>The logged-in user, or the anonymous user, loading it without blocking.</summary>
    public ValueTask<IUser> GetAsync() => Context.GetCurrentUserAsync();

    /// <summary>
    /// The logged-in user if it is a <typeparamref name="TUser"/>, or <c>null</c> when nobody is logged in or someone of
    /// another user type is (see <see cref="LoginHttpContextExtensions.GetCurrentUserAsync{TUser}"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The user's asynchronous load has not finished; see <see cref="Value"/>.</exception>
    public TUser? As<TUser>()
        where TUser : class, IUser => Sessions.LoginService.For(Context).UserTypes.As<TUser>(Loaded(nameof(As)));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The user's asynchronous load has not finished; see <see cref="Value"/>.</exception>
    public string? GetId() => Loaded(nameof(GetId)).GetId();

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The user's asynchronous load has not finished; see <see cref="Value"/>.</exception>
    public bool IsActive => Loaded(nameof(IsActive)).IsActive;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The user's asynchronous load has not finished; see <see cref="Value"/>.</exception>
    public bool IsAuthenticated => Loaded(nameof(IsAuthenticated)).IsAuthenticated;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The user's asynchronous load has not finished; see <see cref="Value"/>.</exception>
    public bool IsAnonymous => Loaded(nameof(IsAnonymous)).IsAnonymous;

    private IUser Loaded(string member)
    {
        var loading = Context.GetCurrentUserAsync();
        if (!loading.IsCompleted)
        {
            // Blocking here would hold a thread-pool thread for a database round trip, on every such page: under load
            // that starves the pool. The load goes on, and whoever awaits it next gets its result.
            throw new InvalidOperationException(
                $"CurrentUser.{member} was read before the current user was loaded, and the user loader is asynchronous and has " +
                "not finished; CurrentUser does not block a thread waiting for it. Call await CurrentUser.GetAsync() first (or " +
                "use the user it returns). MVC views and Razor Pages need nothing: Login loads the user before they render.");
        }

        return loading.GetAwaiter().GetResult(); // the user, or the loader's exception as GetAsync would give it
    }
}
