using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>The mistakes the parsers find in what the user wrote. Each is one of Login's diagnostics; which one is the analyzer's business.</summary>
internal enum ProblemKind
{
    /// <summary>LOGIN001: a <c>[LoginUser]</c> type, or a type containing it, is not partial.</summary>
    UserTypeNotPartial,

    /// <summary>LOGIN002: a <c>[LoginUser]</c> type has no id.</summary>
    UserTypeHasNoId,

    /// <summary>LOGIN003: the id's type cannot round-trip through a string.</summary>
    IdTypeCannotRoundTrip,

    /// <summary>LOGIN005: a loader's signature cannot be compiled.</summary>
    LoaderSignatureUnusable,

    /// <summary>LOGIN008: a loader returns a type of the user's own that is not a <c>[LoginUser]</c> type.</summary>
    LoaderReturnsNonUserType,

    /// <summary>LOGIN011: a <c>[LoginClaim]</c> member's type cannot be made into claims.</summary>
    ClaimTypeUnsupported,
}

/// <summary>
/// A mistake a parser found, as data: what it is, where, and the words its message needs. The parsers return these
/// rather than diagnostics so that they know nothing of descriptors, ids or severities; the analyzer turns them into
/// diagnostics (<c>Diagnostics.Problems</c>), and the generator only needs to know there was one.
/// </summary>
internal sealed class Problem(ProblemKind kind, Location location, params string[] arguments)
{
    public ProblemKind Kind { get; } = kind;

    public Location Location { get; } = location;

    /// <summary>The message's arguments, in the order its format names them.</summary>
    public string[] Arguments { get; } = arguments;
}
