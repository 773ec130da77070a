namespace Login.Generators.Models;

/// <summary>How a <c>[LoginClaim]</c> member's value becomes claims.</summary>
internal enum ClaimKind
{
    /// <summary>A string: one claim, none when null.</summary>
    String,

    /// <summary>A string[] or other IEnumerable&lt;string&gt;: a claim per element that is not null.</summary>
    Strings,

    /// <summary>An enum or a nullable enum: one claim with the value's name.</summary>
    Enum,
}

/// <summary>One <c>[LoginClaim]</c> member of a <c>[LoginUser]</c> type.</summary>
/// <param name="Member">The member's name.</param>
/// <param name="ClaimType">The claim type the attribute names.</param>
/// <param name="Kind">How its value becomes claims.</param>
internal sealed record ClaimModel(string Member, string ClaimType, ClaimKind Kind);
