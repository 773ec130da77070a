using Login.Cookies;
using Login.Guards;
using Login.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Login.Authentication;

/// <summary>
/// Login as an ASP.NET Core authentication scheme, so <c>[Authorize]</c>, policies, antiforgery and anything reading
/// <c>HttpContext.User</c> see the logged-in user, and a challenge lands on the login view as a guard's would.
/// </summary>
/// <remarks>
/// The authentication middleware asks on every request, so this is on the hot path of every endpoint. It is a bare
/// <see cref="IAuthenticationHandler"/> rather than an <c>AuthenticationHandler&lt;TOptions&gt;</c>: it has no options to
/// look up, and a request that carries nothing Login could read (no Login cookie, no loader input) is answered from a
/// cached result without loading anything or allocating a principal. Otherwise it loads the user through the request's
/// <see cref="LoginRequestState"/>, the same single load a guard and <c>GetCurrentUserAsync</c> share.
/// </remarks>
internal sealed class LoginAuthenticationHandler(LoginService service) : IAuthenticationHandler
{
    private static readonly Task<AuthenticateResult> NoResult = Task.FromResult(AuthenticateResult.NoResult());
    private HttpContext _context = null!;
    private AuthenticationScheme _scheme = null!;
    private IUser? _ticketUser;
    private Task<AuthenticateResult>? _ticket;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        var state = _context.Features.Get<LoginRequestState>();
        // A user loaded already (logged in by this request, or by a guard that ran first) answers without looking at input.
        if (state?.LoadedUser is null && !HasLoginInput())
        {
            return NoResult;
        }

        state ??= LoginRequestState.For(_context, service);
        var loading = state.GetUserAsync();
        return loading.IsCompletedSuccessfully ? ResultFor(loading.Result) : AwaitResultAsync(loading);
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        LoginChallenge.UnauthorizedAsync(_context, LoginRequestState.For(_context, service));

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private async Task<AuthenticateResult> AwaitResultAsync(ValueTask<IUser> loading) =>
        await ResultFor(await loading.ConfigureAwait(false)).ConfigureAwait(false);

    private Task<AuthenticateResult> ResultFor(IUser user)
    {
        if (!user.IsAuthenticated)
        {
            return NoResult;
        }

        // Asked again in the same request (a policy naming the scheme): the same ticket, unless the user changed since.
        if (_ticket is null || !ReferenceEquals(_ticketUser, user))
        {
            _ticketUser = user;
            _ticket = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new LoginPrincipal(user, service.UserTypes), LoginTicketProperties.Shared, _scheme.Name)));
        }

        return _ticket;
    }

    /// <summary>
    /// Whether the request carries anything a loader could turn into a user. Without it the user is anonymous for
    /// certain, and finding that out through the loaders would only cost time (and fire <c>OnAccessed</c>).
    /// </summary>
    private bool HasLoginInput()
    {
        var options = service.Options;
        var cookies = _context.Request.Headers.Cookie;
        if (cookies.Count > 0
            && (CookieHeader.Contains(cookies, options.SessionCookie.Name!) || CookieHeader.Contains(cookies, options.RememberCookie.Name!)))
        {
            return true;
        }

        var types = service.UserTypes;
        // A request loader reads whatever it likes from the request: only it can say whether it finds someone.
        return types.RequestLoaders.Length > 0
            || types.HeaderLoaders.Length > 0 && _context.Request.Headers.ContainsKey(options.AuthHeaderName);
    }
}
