namespace Login;

/// <summary>Names Login uses in ASP.NET Core's authentication.</summary>
public static class LoginDefaults
{
    /// <summary>The authentication scheme and the identity's authentication type: <c>Login</c>.</summary>
    public const string AuthenticationScheme = "Login";

    /// <summary>
    /// The claim type of the user type's key (<see cref="LoginUserAttribute.Key"/>: <c>"admin"</c> for
    /// <c>[LoginUser("admin")]</c>, else the class's name) on <c>HttpContext.User</c>: <c>login:user_type</c>. A policy
    /// tells user types apart with it, such as <c>policy.RequireClaim(LoginDefaults.UserTypeClaimType, "admin")</c>.
    /// </summary>
    public const string UserTypeClaimType = "login:user_type";
}
