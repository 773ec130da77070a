using System.Security.Claims;

namespace Login.Samples.Accounts;

/// <summary>
/// A person with an account. Login needs only the id (it goes in the session cookie) and <see cref="IsActive"/>;
/// the password hash and the API key stay in the database and are read only when they are needed.
/// </summary>
[LoginUser]
public sealed partial class User
{
    public required int Id { get; init; }

    /// <summary>Also a claim of <c>HttpContext.User</c> (and of a circuit's or hub connection's user), for pages to show.</summary>
    [LoginClaim(ClaimTypes.Email)]
    public required string Email { get; init; }

    /// <summary>An inactive user cannot log in: <c>LoginUserAsync</c> returns <c>false</c>.</summary>
    public bool IsActive { get; init; } = true;

    public required DateTimeOffset CreatedAt { get; init; }
}
