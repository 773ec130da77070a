using System.Text.Encodings.Web;
using Login.Guards;
using Login.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Login.Authentication;

/// <summary>
/// Login as an ASP.NET Core authentication scheme, so <c>[Authorize]</c>, policies and anything reading
/// <c>HttpContext.User</c> see the logged-in user, and a challenge lands on the login view as a guard's would.
/// </summary>
internal sealed class LoginAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = await Context.GetCurrentUserAsync().ConfigureAwait(false);
        return user.IsAuthenticated
            ? AuthenticateResult.Success(new AuthenticationTicket(new LoginPrincipal(user), Scheme.Name))
            : AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        LoginChallenge.UnauthorizedAsync(Context, LoginRequestState.For(Context));
}
