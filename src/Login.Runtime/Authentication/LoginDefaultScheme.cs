using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Login.Authentication;

/// <summary>
/// Makes <c>Login</c> the default authentication scheme when the app names none, so <c>HttpContext.User</c> is the Login
/// user on every request with no second line. After every <c>Configure</c>, so an app that named its own default (a
/// cookie scheme, JWT bearer) in <c>AddAuthentication(...)</c> or in options keeps it.
/// </summary>
internal sealed class LoginDefaultScheme : IPostConfigureOptions<AuthenticationOptions>
{
    public void PostConfigure(string? name, AuthenticationOptions options)
    {
        if (options.DefaultScheme is null && options.DefaultAuthenticateScheme is null && options.DefaultChallengeScheme is null)
        {
            options.DefaultScheme = LoginDefaults.AuthenticationScheme;
        }
    }
}
