namespace Login;

/// <summary>Names Login uses in ASP.NET Core's authentication.</summary>
public static class LoginDefaults
{
    /// <summary>The authentication scheme and the identity's authentication type: <c>Login</c>.</summary>
    public const string AuthenticationScheme = "Login";
}
