using Login.Guards;
using Login.Urls;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Login.Components;

/// <summary>
/// Where an interactive page goes when its guard does not pass: the login (or refresh) view with the page as next,
/// made by the HTTP guard's rule (<see cref="LoginChallenge.Target"/>), for a full page load.
/// </summary>
internal static class CircuitChallenge
{
    /// <param name="decision">Not logged in, or not fresh.</param>
    /// <param name="userType">The user type the page requires: its login view is used when it has one.</param>
    /// <param name="navigation">The circuit's navigation: the page's URL and the app's base.</param>
    /// <param name="options">The options: views, handlers, events.</param>
    /// <param name="services">To resolve a view that names an endpoint.</param>
    public static string Location(LoginDecision decision, Type? userType, NavigationManager navigation, LoginOptions options, IServiceProvider services)
    {
        var fresh = decision == LoginDecision.NotFresh;
        var view = fresh ? LoginChallenge.RefreshViewOf(options) : LoginChallenge.LoginViewOf(options, userType);
        var handler = fresh ? options.NeedsRefreshHandler : options.UnauthorizedHandler;
        var onEvent = fresh ? options.Events.OnNeedsRefresh : options.Events.OnUnauthorized;
        if (view is null || handler is not null || onEvent is not null || options.UseSessionForNext)
        {
            // What the guard answers needs a response (a 401, the app's handler or event, next kept in the session):
            // load the page itself, and its HTTP guard answers as it answers any request.
            return navigation.Uri;
        }

        var page = new Uri(navigation.Uri);
        var basePath = new Uri(navigation.BaseUri).AbsolutePath.TrimEnd('/');
        var pathBase = basePath.Length == 0 ? PathString.Empty : new PathString(basePath);
        var local = page.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        var current = page.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
        var (loginUrl, next) = LoginChallenge.Target(view, view.Resolve(pathBase, services), local, current, options);
        return LoginUrls.WithNext(loginUrl, next, options.NextField);
    }
}
