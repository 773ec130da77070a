namespace Login;

/// <summary>
/// Makes a member of a <see cref="LoginUserAttribute">[LoginUser]</see> type into claims of the user's identity in
/// <c>HttpContext.User</c>, so <c>[Authorize(Roles = ...)]</c>, <c>RequireClaim</c> policies and anything else reading
/// claims see it: <c>[LoginClaim(ClaimTypes.Role)] public string[] Roles { get; init; } = [];</c>.
/// </summary>
/// <remarks>
/// The member may be a <see cref="string"/> (one claim), a <c>string[]</c> or any <c>IEnumerable&lt;string&gt;</c>
/// (a claim per element), or an enum (its name, as <c>ToString()</c> gives it), or a nullable of these; a <c>null</c>
/// value or element makes no claim. Login's generator writes the code that reads the member, at compile time; a member
/// of another type is reported as LOGIN011. The claims are made when something first reads the principal, not on every
/// request.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class LoginClaimAttribute(string claimType) : Attribute
{
    /// <summary>The claim type, e.g. <see cref="System.Security.Claims.ClaimTypes.Role"/> or <see cref="System.Security.Claims.ClaimTypes.Email"/>.</summary>
    public string ClaimType { get; } = claimType;
}
