using Login.Diagnostics;
using Login.Urls;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Login.Guards;

/// <summary>
/// Checks at startup what options validation cannot see: that login views given as endpoint names name an endpoint,
/// and that guarded endpoints routing cannot guard (not route endpoints) have the middleware that guards them.
/// Fails the start with a message that says what to change, rather than serving a guarded endpoint anonymously.
/// Runs as the pipeline is built, once the app's own Configure (UseLogin, the endpoints) has run.
/// </summary>
internal sealed class LoginStartupCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Before the server serves: a host that starts Login's sync after the web host (the generic host, with AddLogin
        // after ConfigureWebHost) would otherwise serve with no ending known, and take ended logins meanwhile.
        app.ApplicationServices.GetService<Login.Sessions.LoginFamilySync>()?.StartFirstCatchUp();
        next(app);
        Check(
            app.ApplicationServices.GetRequiredService<IOptions<LoginOptions>>(),
            // An app without endpoint routing has no endpoints to check (and no Map* calls to guard).
            app.ApplicationServices.GetService<EndpointDataSource>() ?? new DefaultEndpointDataSource(),
            app.ApplicationServices.GetRequiredService<LoginPipeline>(),
            app.ApplicationServices.GetRequiredService<Login.Sessions.LoginService>());
        WarnAboutAnotherDefaultScheme(app.ApplicationServices);
        // The session cookie's keys, read from DataProtection's key ring now, as DataProtection reads its own when it
        // first protects: an instance whose key repository (a database) goes down before its first request still
        // reads session cookies from the keys it knows.
        app.ApplicationServices.GetRequiredService<Login.Sessions.LoginService>().SessionFormat.ReadKeys();
    };

    /// <summary>
    /// An app that names its own default scheme (cookies, JWT bearer) keeps it, and Login's guards still work; but a
    /// guarded endpoint that also has <c>[Authorize]</c> or validates antiforgery reads <c>HttpContext.User</c> before
    /// Login's guard runs, and gets the other scheme's user there: roles that never match, a token bound to someone else.
    /// Said once at startup, naming those endpoints and what to write.
    /// </summary>
    internal static void WarnAboutAnotherDefaultScheme(IServiceProvider services)
    {
        if (services.GetService<IAuthenticationSchemeProvider>() is not { } schemes
            || schemes.GetDefaultAuthenticateSchemeAsync().GetAwaiter().GetResult() is not { } scheme
            || scheme.Name == LoginDefaults.AuthenticationScheme
            || services.GetService<EndpointDataSource>() is not { } endpoints)
        {
            return;
        }

        var relying = new List<string>();
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (LoginRequirements.Of(endpoint.Metadata) is null)
            {
                continue;
            }

            var readsUser = endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };
            foreach (var authorize in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            {
                readsUser |= string.IsNullOrEmpty(authorize.AuthenticationSchemes);
            }

            if (readsUser)
            {
                relying.Add(endpoint.DisplayName ?? endpoint.ToString()!);
            }
        }

        if (relying.Count > 0)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Login");
            LoginLog.OtherDefaultScheme(logger, scheme.Name, string.Join(", ", relying));
        }
    }

    private static void Check(IOptions<LoginOptions> options, EndpointDataSource endpoints, LoginPipeline pipeline, Login.Sessions.LoginService service)
    {
        var failures = new List<string>();
        CheckView(failures, "LoginOptions.LoginView", Parsed(options.Value.LoginView));
        CheckView(failures, "LoginOptions.RefreshView", Parsed(options.Value.RefreshView));
        foreach (var (type, view) in options.Value.LoginViews)
        {
            CheckView(failures, $"LoginOptions.LoginViewFor<{type.Name}>", Parsed(view));
        }

        var unwoven = new List<string>();
        foreach (var endpoint in endpoints.Endpoints)
        {
            CheckUserType(failures, endpoint, service);

            if (endpoint.Metadata.GetMetadata<LoginViewMetadata>() is { View: { } groupView })
            {
                CheckView(failures, $"The login view given to RequireLogin/RequireFreshLogin for '{endpoint.DisplayName}'", groupView);
            }

            // Routing puts the guard in front of every endpoint it chooses (LoginGuardMatcherPolicy), and Login's MVC filter
            // guards every controller, action and page whatever chose it. Anything else with a requirement that is not
            // a route endpoint can only be chosen by something other than routing, and only the middleware can guard it.
            if (LoginGuardMatcherPolicy.NeedsGuard(endpoint.Metadata) is not null && endpoint is not RouteEndpoint { RequestDelegate: not null }
                && endpoint.Metadata.GetMetadata<ActionDescriptor>() is null)
            {
                unwoven.Add(endpoint.DisplayName ?? endpoint.ToString()!);
            }
        }

        if (unwoven.Count > 0 && !pipeline.MiddlewareAdded)
        {
            failures.Add(
                $"These endpoints need a login but are not route endpoints, so only Login's middleware can guard them, and app.UseLogin() was not called: {string.Join(", ", unwoven)}. " +
                "Add app.UseLogin() after routing (a WebApplication routes first by itself), before the endpoints run.");
        }
        else if (unwoven.Count > 0 && !pipeline.RoutingBeforeLogin && pipeline.App is { } app && LoginPipeline.HasRouting(app))
        {
            // UseRouting() came after UseLogin(): the middleware runs before any endpoint is chosen and cannot guard.
            failures.Add(
                $"app.UseLogin() is called before app.UseRouting(), so it cannot see which endpoint a request is for, and these would be served " +
                $"to anyone: {string.Join(", ", unwoven)}. Move app.UseLogin() after app.UseRouting().");
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, failures));
        }

        // A [LoginRequired<T>] (RequireLogin<T>()) whose T is no user type of this app could never pass: nobody logs in as
        // T. Said now, naming the endpoint, rather than a 403 for everyone later. Only what the requirement names: a handler
        // parameter of a type the app does not use (LoginOptions.UserType picked another, in a host with several) is
        // refused per request (403), as an endpoint shared by several apps of one process may take it.
        static void CheckUserType(List<string> failures, Endpoint endpoint, Login.Sessions.LoginService service)
        {
            if (LoginRequirements.Of(endpoint.Metadata) is null)
            {
                return;
            }

            foreach (var item in endpoint.Metadata)
            {
                if (item is not ILoginRequirementMetadata { UserType: { } type } || service.UserTypes.Of(type) is not null)
                {
                    continue;
                }

                var types = string.Join(", ", service.UserTypes.All.Select(t => t.Type.FullName));
                var chosen = service.Options.UserType is { } only
                    ? $" (LoginOptions.UserType is {only.FullName}, so the app uses only that one)"
                    : "";
                failures.Add(
                    $"'{endpoint.DisplayName}' requires a login as {type.FullName} ([LoginRequired<{type.Name}>] or RequireLogin<{type.Name}>()), " +
                    $"which is not a user type of this app: its user types are {types}{chosen}. " +
                    $"Require one of those, or make {type.Name} a [LoginUser] class with a [UserLoader].");
                return;
            }
        }

        // The options validator and RequireLogin(view) have refused anything that is not a view; what is left is whether
        // a name names an endpoint, which only the endpoints can say.
        static LoginView? Parsed(string? text) => text is not null && LoginView.TryParse(text, out var view, out _) ? view : null;

        void CheckView(List<string> failures, string what, LoginView? view)
        {
            if (view is not { Kind: LoginViewKind.EndpointName })
            {
                return;
            }

            foreach (var endpoint in endpoints.Endpoints)
            {
                if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == view.Text)
                {
                    return;
                }
            }

            failures.Add($"{what} is \"{view.Text}\", which is not a path or a URL, so it must be the name of an endpoint, and no endpoint " +
                $"has that name; name the login endpoint with .WithName(\"{view.Text}\"), or write a path such as \"/login\".");
        }
    }
}

/// <summary>Remembers whether and where <c>UseLogin</c> was called, for <see cref="LoginStartupCheck"/>.</summary>
internal sealed class LoginPipeline
{
    // Set by UseRouting() on the builder's properties; a WebApplication that never calls it routes first implicitly.
    private const string RoutingKey = "__EndpointRouteBuilder";

    public bool MiddlewareAdded { get; set; }

    /// <summary>Whether routing was already in the pipeline when UseLogin was called.</summary>
    public bool RoutingBeforeLogin { get; set; }

    /// <summary>The builder UseLogin was called on, to see afterwards whether routing was added behind it.</summary>
    public IApplicationBuilder? App { get; set; }

    public static bool HasRouting(IApplicationBuilder app) => app.Properties.ContainsKey(RoutingKey);
}
