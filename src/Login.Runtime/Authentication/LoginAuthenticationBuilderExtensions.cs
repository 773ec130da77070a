using Login;
using Login.Authentication;

namespace Microsoft.AspNetCore.Authentication;

/// <summary>Registers Login as an authentication scheme.</summary>
public static class LoginAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the <c>Login</c> authentication scheme: it authenticates the current Login user and challenges by
    /// redirecting to the login view (or 401). Use it as the default scheme,
    /// <c>AddAuthentication(LoginDefaults.AuthenticationScheme).AddLogin()</c>, to protect endpoints with
    /// <c>[Authorize]</c> or <c>RequireAuthorization()</c> policies. Needs <c>AddLogin</c> on the services too.
    /// </summary>
    public static AuthenticationBuilder AddLogin(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<AuthenticationSchemeOptions, LoginAuthenticationHandler>(LoginDefaults.AuthenticationScheme, "Login", null);
    }
}
