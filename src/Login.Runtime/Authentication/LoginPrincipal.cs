using System.Security.Claims;

namespace Login.Authentication;

/// <summary>The logged-in user as ASP.NET Core sees users: a <see cref="ClaimsPrincipal"/> whose name identifier is the id.</summary>
internal static class LoginPrincipal
{
    public static ClaimsPrincipal For(IUser user)
    {
        var id = user.GetId() ?? "";
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id)],
            LoginDefaults.AuthenticationScheme,
            nameType: ClaimTypes.NameIdentifier,
            roleType: ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
