using Login.Components;
using Login.Diagnostics;
using Login.Guards;
using Login.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;

// In Login, not Login.Components: the @using Login that brings [LoginRequired] into a Razor file brings this too.
namespace Login;

/// <summary>
/// Renders the routed page as <see cref="AuthorizeRouteView"/> does, after Login's guard: a page with
/// <c>@attribute [LoginRequired]</c> or <c>[FreshLoginRequired]</c> renders nothing of itself for a user who does not
/// pass, and the browser loads the login (or refresh) view with the page as <c>next</c>, as the HTTP guard would
/// redirect. It decides again whenever the login changes, so a page shown when its login ends (a logout in another tab,
/// on another instance) leaves for the login view. Use it in <c>Routes.razor</c> in place of <c>AuthorizeRouteView</c>
/// or <c>RouteView</c>: <c>&lt;LoginRouteView RouteData="routeData" DefaultLayout="typeof(Layout.MainLayout)" /&gt;</c>.
/// </summary>
/// <remarks>
/// In static rendering the HTTP guard has already answered (a component's attributes are its endpoint's metadata); this
/// view decides the same way for interactive navigations and circuits. <c>[Authorize]</c> on a page still works when the
/// app adds authorization (<c>AddAuthorization()</c>): the page is rendered by <see cref="AuthorizeRouteView"/>, with
/// <see cref="NotAuthorized"/>, <see cref="Authorizing"/> and <see cref="Resource"/> passed on; without it, by
/// <see cref="RouteView"/>, and an <c>[Authorize]</c> page throws rather than show itself to anyone.
/// </remarks>
public sealed class LoginRouteView : ComponentBase, IDisposable
{
    private LoginAuthenticationStateProvider? _login;
    private LoginDecision? _decision; // null while the login loads: nothing of a guarded page renders before it passes
    private ComponentLogin _refusedLogin; // the login a WrongUserType decision was about, for NotAuthorized
    private string? _leftFrom;
    private string? _leftTo;
    private bool _authorizes; // the app added authorization services: pages render through AuthorizeRouteView

    /// <summary>The route data from the <c>Router</c>'s <c>Found</c> template.</summary>
    [Parameter, EditorRequired]
    public RouteData RouteData { get; set; } = default!;

    /// <summary>The layout for pages that name none, as <see cref="RouteView.DefaultLayout"/>.</summary>
    [Parameter]
    public Type? DefaultLayout { get; set; }

    /// <summary>
    /// Shown when <c>[Authorize]</c> on the page does not pass, as <see cref="AuthorizeRouteView.NotAuthorized"/>, and when
    /// the page requires another user type than the one logged in (<c>[LoginRequired&lt;Admin&gt;]</c> for a customer:
    /// where a request is answered 403). By default, for the latter, a short sentence saying so.
    /// </summary>
    [Parameter]
    public RenderFragment<AuthenticationState>? NotAuthorized { get; set; }

    /// <summary>Shown while the login or <c>[Authorize]</c> is being checked.</summary>
    [Parameter]
    public RenderFragment? Authorizing { get; set; }

    /// <summary>The resource passed to <c>[Authorize]</c> policies, as <see cref="AuthorizeRouteView.Resource"/>.</summary>
    [Parameter]
    public object? Resource { get; set; }

    /// <summary>
    /// Shown in place of a guarded page when the session store has been out of reach too long to vouch for the login
    /// (where a request is answered 503). By default a short sentence saying to try again.
    /// </summary>
    [Parameter]
    public RenderFragment? StoreUnavailable { get; set; }

    [Inject]
    private AuthenticationStateProvider Provider { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private LoginService Service { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _login = Provider as LoginAuthenticationStateProvider ?? throw new InvalidOperationException(
            $"LoginRouteView needs Login's AuthenticationStateProvider, and the app's is {Provider.GetType().FullName}: " +
            "AddLogin() registers Login's; remove the registration that replaced it, or use AuthorizeRouteView without Login's guards.");
        _login.AuthenticationStateChanged += OnLoginChanged;
        _authorizes = Services.GetService<IAuthorizationPolicyProvider>() is not null && Services.GetService<IAuthorizationService>() is not null;
    }

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => DecideAsync();

    private async Task DecideAsync()
    {
        var demand = Service.Options.LoginDisabled ? null : ComponentRequirements.Of(RouteData.PageType);
        if (demand is null && !_login!.IsRefused)
        {
            _decision = LoginDecision.Pass;
            return;
        }

        var loading = _login!.GetLoginAsync();
        if (!loading.IsCompleted)
        {
            _decision = null;
        }

        var login = await loading;
        if (login.Refused)
        {
            // The circuit was reconnected by someone else: whoever holds the browser loads the page as themselves.
            _decision = null;
            Leave(Navigation.Uri);
            return;
        }

        _decision = demand is { } required
            ? LoginDecisions.Decide(login.User, login.IsFresh, login.StoreUnavailable, required)
            : LoginDecision.Pass;
        if (_decision is LoginDecision.NotLoggedIn or LoginDecision.NotFresh)
        {
            Leave(CircuitChallenge.Location(_decision.Value, demand?.UserType, Navigation, Service.Options, Services));
        }
        else if (_decision is LoginDecision.WrongUserType)
        {
            // As a request gets 403: the page stays where it is and shows that it is not for this account, since leaving
            // for the login view would only bring the same person back.
            _refusedLogin = login;
            _leftFrom = null;
            _leftTo = null;
            LoginLog.ComponentWrongUserType(Service.Logger, RouteData.PageType.Name, LoginChallenge.RequiredTypeName(demand!.Value), login.User.GetType().Name);
        }
        else
        {
            _leftFrom = null;
            _leftTo = null;
        }
    }

    /// <summary>
    /// Loads <paramref name="location"/> in the browser, once for the page being left. Two decisions can race to leave
    /// (the first load of the login, and the state change it causes): the second sees the address the first navigated
    /// to, and must not leave that again, or the login view would get itself as <c>next</c>.
    /// </summary>
    private void Leave(string location)
    {
        var page = Navigation.Uri;
        if (_leftFrom == page || _leftTo == page)
        {
            return;
        }

        _leftFrom = page;
        _leftTo = Navigation.ToAbsoluteUri(location).AbsoluteUri;
        LoginLog.ComponentGuardLeft(Service.Logger, RouteData.PageType.Name, location);
        Navigation.NavigateTo(location, forceLoad: true);
    }

    private void OnLoginChanged(Task<AuthenticationState> state) => _ = InvokeAsync(async () =>
    {
        await DecideAsync();
        StateHasChanged();
    });

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        switch (_decision)
        {
            case LoginDecision.Pass when !_authorizes:
                if (HasAuthorize(RouteData.PageType))
                {
                    // Rendering it as RouteView would show an [Authorize] page to anyone: say what is missing instead.
                    throw new InvalidOperationException(
                        $"The page {RouteData.PageType.FullName} has [Authorize], and the app has no authorization services to check it: " +
                        "call builder.Services.AddAuthorization() (or use [LoginRequired]).");
                }

                // The state cascades from the root (AddLogin() adds AddCascadingAuthenticationState()).
                builder.OpenComponent<RouteView>(6);
                builder.AddComponentParameter(7, nameof(RouteView.RouteData), RouteData);
                builder.AddComponentParameter(8, nameof(RouteView.DefaultLayout), DefaultLayout);
                builder.CloseComponent();
                break;
            case LoginDecision.Pass:
                builder.OpenComponent<AuthorizeRouteView>(0);
                builder.AddComponentParameter(1, nameof(AuthorizeRouteView.RouteData), RouteData);
                builder.AddComponentParameter(2, nameof(AuthorizeRouteView.DefaultLayout), DefaultLayout);
                builder.AddComponentParameter(3, nameof(AuthorizeRouteView.NotAuthorized), NotAuthorized);
                builder.AddComponentParameter(4, nameof(AuthorizeRouteView.Authorizing), Authorizing);
                builder.AddComponentParameter(5, nameof(AuthorizeRouteView.Resource), Resource);
                builder.CloseComponent();
                break;
            case LoginDecision.StoreUnavailable:
                InLayout(builder, StoreUnavailable ?? DefaultStoreUnavailable);
                break;
            case LoginDecision.WrongUserType:
                InLayout(builder, NotAuthorized is { } notAuthorized
                    ? notAuthorized(new AuthenticationState(new Login.Authentication.LoginPrincipal(_refusedLogin.User)))
                    : DefaultWrongUserType);
                break;
            case null:
                InLayout(builder, Authorizing);
                break;
            default:
                break; // leaving for the login view: nothing of the page
        }
    }

    private static bool HasAuthorize(Type page)
    {
        foreach (var attribute in page.GetCustomAttributes(inherit: true))
        {
            if (attribute is IAuthorizeData)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly RenderFragment DefaultWrongUserType = static builder =>
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "class", "login-wrong-user-type");
        builder.AddContent(2, "This page needs another kind of account than the one you are logged in with.");
        builder.CloseElement();
    };

    private static readonly RenderFragment DefaultStoreUnavailable = static builder =>
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "class", "login-store-unavailable");
        builder.AddContent(2, "Your login cannot be checked right now. Try again in a moment.");
        builder.CloseElement();
    };

    private void InLayout(RenderTreeBuilder builder, RenderFragment? content)
    {
        if (content is null)
        {
        }
        else if (DefaultLayout is null)
        {
            builder.AddContent(10, content);
        }
        else
        {
            builder.OpenComponent<LayoutView>(11);
            builder.AddComponentParameter(12, nameof(LayoutView.Layout), DefaultLayout);
            builder.AddComponentParameter(13, nameof(LayoutView.ChildContent), content);
            builder.CloseComponent();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_login is not null)
        {
            _login.AuthenticationStateChanged -= OnLoginChanged;
        }
    }
}
