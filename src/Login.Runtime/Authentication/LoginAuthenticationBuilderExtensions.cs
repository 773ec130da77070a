using Login;
using Login.Authentication;

namespace Microsoft.AspNetCore.Authentication;

/// <summary>Registers Login as an authentication scheme.</summary>
public static class LoginAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the <c>Login</c> authentication scheme: it authenticates the current Login user and challenges by
    /// redirecting to the login view (or 401). <c>services.AddLogin()</c> adds it already, as the default scheme when the
    /// app names none; call this only to name Login in an <c>AddAuthentication</c> chain of your own. Adding the scheme
    /// twice is harmless.
    /// </summary>
    public static AuthenticationBuilder AddLogin(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        LoginAuthentication.Register(builder.Services);
        return builder;
    }
}
