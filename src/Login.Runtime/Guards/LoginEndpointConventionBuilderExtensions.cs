using Login;
using Login.Guards;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Guards for whole route groups (Flask-Login's blueprints with <c>login_required</c>).</summary>
public static class LoginEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Every endpoint of the group needs a logged-in user, as if each handler were <see cref="LoginRequiredAttribute">[LoginRequired]</see>.
    /// <see cref="Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute">[AllowAnonymous]</see> on a handler opts it out.
    /// </summary>
    public static TBuilder RequireLogin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, new LoginRequiredAttribute(), null);

    /// <summary>
    /// As <see cref="RequireLogin{TBuilder}(TBuilder)"/>, with this group's own login view (Flask-Login's
    /// <c>blueprint_login_views</c>): a path starting with a single <c>/</c> (under the app's path base), an absolute
    /// http(s) URL, the name of an endpoint (checked at startup), or <c>null</c> to answer 401.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is none of these (<c>//host/login</c>,
    /// <c>javascript:...</c>, a name with spaces); the message says what to write.</exception>
    public static TBuilder RequireLogin<TBuilder>(this TBuilder builder, string? loginView)
        where TBuilder : IEndpointConventionBuilder => Require(builder, new LoginRequiredAttribute(), new LoginViewMetadata(loginView));

    /// <summary>Every endpoint of the group needs a fresh login, as if each handler were <see cref="FreshLoginRequiredAttribute">[FreshLoginRequired]</see>.</summary>
    public static TBuilder RequireFreshLogin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, new FreshLoginRequiredAttribute(), null);

    /// <summary>As <see cref="RequireFreshLogin{TBuilder}(TBuilder)"/>, with this group's own login view.</summary>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view, as for <see cref="RequireLogin{TBuilder}(TBuilder, string?)"/>.</exception>
    public static TBuilder RequireFreshLogin<TBuilder>(this TBuilder builder, string? loginView)
        where TBuilder : IEndpointConventionBuilder => Require(builder, new FreshLoginRequiredAttribute(), new LoginViewMetadata(loginView));

    // RequireLogin<Admin>() names the user type and leaves the builder's type to the receiver, which C# cannot infer for
    // a second type parameter: so one overload per builder a group or a handler is (each returning its own type, so
    // calls chain), and one for any other builder.

    /// <summary>
    /// Every endpoint of the group needs a login as a <typeparamref name="TUser"/>, as if each handler were
    /// <see cref="LoginRequiredAttribute{TUser}">[LoginRequired&lt;TUser&gt;]</see>: anonymous requests go to that user
    /// type's login view (<see cref="LoginOptions.LoginViewFor{TUser}(string)"/>, else <see cref="LoginOptions.LoginView"/>),
    /// requests logged in as another user type get 403.
    /// </summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static RouteGroupBuilder RequireLogin<TUser>(this RouteGroupBuilder builder)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), null);

    /// <summary>
    /// As <see cref="RequireLogin{TUser}(RouteGroupBuilder)"/>, with this group's own login view, which wins over the
    /// user type's (see <see cref="RequireLogin{TBuilder}(TBuilder, string?)"/> for what a view may be).
    /// </summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static RouteGroupBuilder RequireLogin<TUser>(this RouteGroupBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    /// <summary>
    /// Every endpoint of the group needs a fresh login as a <typeparamref name="TUser"/>, as if each handler were
    /// <see cref="FreshLoginRequiredAttribute{TUser}">[FreshLoginRequired&lt;TUser&gt;]</see>; a login of another user type
    /// gets 403, fresh or not.
    /// </summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static RouteGroupBuilder RequireFreshLogin<TUser>(this RouteGroupBuilder builder)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), null);

    /// <summary>As <see cref="RequireFreshLogin{TUser}(RouteGroupBuilder)"/>, with this group's own login view.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static RouteGroupBuilder RequireFreshLogin<TUser>(this RouteGroupBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    /// <summary>This endpoint needs a login as a <typeparamref name="TUser"/> (see <see cref="RequireLogin{TUser}(RouteGroupBuilder)"/>).</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static RouteHandlerBuilder RequireLogin<TUser>(this RouteHandlerBuilder builder)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), null);

    /// <summary>As <see cref="RequireLogin{TUser}(RouteHandlerBuilder)"/>, with this endpoint's own login view.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static RouteHandlerBuilder RequireLogin<TUser>(this RouteHandlerBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    /// <summary>This endpoint needs a fresh login as a <typeparamref name="TUser"/> (see <see cref="RequireFreshLogin{TUser}(RouteGroupBuilder)"/>).</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static RouteHandlerBuilder RequireFreshLogin<TUser>(this RouteHandlerBuilder builder)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), null);

    /// <summary>As <see cref="RequireFreshLogin{TUser}(RouteHandlerBuilder)"/>, with this endpoint's own login view.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static RouteHandlerBuilder RequireFreshLogin<TUser>(this RouteHandlerBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    /// <summary>
    /// Every endpoint the builder builds (controllers, pages, hubs, components) needs a login as a
    /// <typeparamref name="TUser"/> (see <see cref="RequireLogin{TUser}(RouteGroupBuilder)"/>).
    /// </summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static IEndpointConventionBuilder RequireLogin<TUser>(this IEndpointConventionBuilder builder)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), null);

    /// <summary>As <see cref="RequireLogin{TUser}(IEndpointConventionBuilder)"/>, with these endpoints' own login view.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static IEndpointConventionBuilder RequireLogin<TUser>(this IEndpointConventionBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new LoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    /// <summary>Every endpoint the builder builds needs a fresh login as a <typeparamref name="TUser"/>.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    public static IEndpointConventionBuilder RequireFreshLogin<TUser>(this IEndpointConventionBuilder builder)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), null);

    /// <summary>As <see cref="RequireFreshLogin{TUser}(IEndpointConventionBuilder)"/>, with these endpoints' own login view.</summary>
    /// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class of the app (checked at startup).</typeparam>
    /// <exception cref="ArgumentException"><paramref name="loginView"/> is not a view.</exception>
    public static IEndpointConventionBuilder RequireFreshLogin<TUser>(this IEndpointConventionBuilder builder, string? loginView)
        where TUser : class, IUser => Require(builder, new FreshLoginRequiredAttribute<TUser>(), new LoginViewMetadata(loginView));

    private static TBuilder Require<TBuilder>(TBuilder builder, LoginRequiredAttribute requirement, LoginViewMetadata? view)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(requirement);
            if (view is not null)
            {
                endpoint.Metadata.Add(view);
            }
        });
        return builder;
    }
}
