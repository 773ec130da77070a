using System.ComponentModel;
using System.Security.Claims;

namespace Login.CompilerServices;

/// <summary>
/// The claims a <see cref="LoginUserAttribute">[LoginUser]</see> type's <see cref="LoginClaimAttribute">[LoginClaim]</see>
/// members make: Login's generator implements it on the user type, and the principal that stands for the user in
/// <c>HttpContext.User</c> adds them when it is first read.
/// </summary>
/// <remarks>
/// For Login's generated code, which implements it: not meant to be implemented or called by hand, and not a stable
/// API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILoginClaims
{
    /// <summary>Adds one claim per value of each <c>[LoginClaim]</c> member; <c>null</c> values add none.</summary>
    void AddClaims(List<Claim> claims);
}
