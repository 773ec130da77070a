using System.Security.Claims;
using System.Security.Principal;

namespace Login.Authentication;

/// <summary>
/// The logged-in user as ASP.NET Core sees users: a <see cref="ClaimsPrincipal"/> with one identity of the
/// <c>Login</c> scheme whose name identifier (and name) is the user's id, its user type's key as a
/// <see cref="LoginDefaults.UserTypeClaimType"/> claim (an id alone is ambiguous once an app has several user types),
/// and the claims of its <c>[LoginClaim]</c> members; roles are <see cref="ClaimTypes.Role"/> claims. Built on first use: a guard publishes one on every
/// request it lets through, and most handlers never look at <see cref="Microsoft.AspNetCore.Http.HttpContext.User"/>,
/// so the identity and its claim (about 500 bytes) are only made when something reads them. Every public virtual
/// member of <see cref="ClaimsPrincipal"/> builds first, so nothing can observe the principal unbuilt.
/// </summary>
/// <param name="user">The user.</param>
/// <param name="userTypes">The app's user types, to name the user's; without them (a test) the principal has no user type claim.</param>
internal sealed class LoginPrincipal(IUser user, CompilerServices.LoginUserTypes? userTypes = null) : ClaimsPrincipal
{
    private IUser? _unbuilt = user;

    /// <summary>The user this principal stands for.</summary>
    public IUser User { get; } = user;

    public override IEnumerable<ClaimsIdentity> Identities
    {
        get
        {
            Build();
            return base.Identities;
        }
    }

    public override IIdentity? Identity
    {
        get
        {
            Build();
            return base.Identity;
        }
    }

    public override IEnumerable<Claim> Claims
    {
        get
        {
            Build();
            return base.Claims;
        }
    }

    public override void AddIdentity(ClaimsIdentity identity)
    {
        Build();
        base.AddIdentity(identity);
    }

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities)
    {
        Build();
        base.AddIdentities(identities);
    }

    public override ClaimsPrincipal Clone()
    {
        Build();
        return base.Clone();
    }

    public override IEnumerable<Claim> FindAll(Predicate<Claim> match)
    {
        Build();
        return base.FindAll(match);
    }

    public override IEnumerable<Claim> FindAll(string type)
    {
        Build();
        return base.FindAll(type);
    }

    public override Claim? FindFirst(Predicate<Claim> match)
    {
        Build();
        return base.FindFirst(match);
    }

    public override Claim? FindFirst(string type)
    {
        Build();
        return base.FindFirst(type);
    }

    public override bool HasClaim(Predicate<Claim> match)
    {
        Build();
        return base.HasClaim(match);
    }

    public override bool HasClaim(string type, string value)
    {
        Build();
        return base.HasClaim(type, value);
    }

    public override bool IsInRole(string role)
    {
        Build();
        return base.IsInRole(role);
    }

    public override void WriteTo(BinaryWriter writer)
    {
        Build();
        base.WriteTo(writer);
    }

    private void Build()
    {
        if (_unbuilt is { } user)
        {
            _unbuilt = null;
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.GetId() ?? "") };
            if (userTypes?.Of(user.GetType()) is { } userType)
            {
                claims.Add(new Claim(LoginDefaults.UserTypeClaimType, userType.Key));
            }

            // The [LoginClaim] members, read by code the generator wrote: roles for [Authorize(Roles = ...)], and the like.
            (user as CompilerServices.ILoginClaims)?.AddClaims(claims);
            base.AddIdentity(new ClaimsIdentity(
                claims,
                LoginDefaults.AuthenticationScheme,
                nameType: ClaimTypes.NameIdentifier,
                roleType: ClaimTypes.Role));
        }
    }
}
