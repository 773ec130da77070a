namespace Login.Generators.Models;

/// <summary>How <c>GetId()</c> turns the id member into the string the session stores.</summary>
internal enum IdFormat
{
    /// <summary>The member is a string: returned as is.</summary>
    String,

    /// <summary>int, long, Guid, or any IFormattable: formatted with the invariant culture.</summary>
    Formattable,

    /// <summary>The user wrote <c>GetId()</c>: nothing to generate.</summary>
    UserWritten,

    /// <summary>
    /// No id Login can store (LOGIN002, LOGIN003 stand): <c>GetId()</c> throws. It is written only so that the rest of
    /// the program, which passes the user as an <c>IUser</c>, type-checks while that error fails the build.
    /// </summary>
    Unusable,
}

/// <summary>How the <c>[SessionStamp]</c> member becomes text.</summary>
internal enum StampFormat
{
    /// <summary>No <c>[SessionStamp]</c> member.</summary>
    None,

    /// <summary>A string, as is.</summary>
    String,

    /// <summary>IFormattable (Guid, DateTimeOffset, long...): formatted with the invariant culture.</summary>
    Formattable,

    /// <summary>A byte array: base64.</summary>
    Bytes,

    /// <summary>Anything else: its <c>ToString()</c>.</summary>
    Other,
}

/// <summary>Everything needed to write the <c>IUser</c> half of one <c>[LoginUser]</c> type.</summary>
/// <param name="IdMember">The member the id is read from; empty when the type has none (LOGIN002).</param>
/// <param name="Claims">The <c>[LoginClaim]</c> members that can be made into claims; the others are LOGIN011.</param>
/// <param name="WritesParameterMetadata">
/// Whether to implement <c>IEndpointParameterMetadataProvider</c>, so that a handler parameter of this type tells the
/// endpoint which user type it needs: when ASP.NET Core has the interface and the user's code does not implement it already.
/// </param>
internal sealed record UserTypeModel(
    string Namespace,
    EquatableArray<string> ContainingTypes,
    string Keyword,
    string Name,
    string FullyQualifiedName,
    string IdMember,
    IdFormat IdFormat,
    bool WritesIsActive,
    bool WritesIsAuthenticated,
    bool WritesIsAnonymous,
    bool WritesEquality,
    bool WritesBindAsync,
    string? StampMember = null,
    StampFormat StampFormat = StampFormat.None,
    EquatableArray<ClaimModel> Claims = default,
    bool WritesParameterMetadata = false)
{
    /// <summary>How the name of every file of IUser members ends.</summary>
    public const string HintNameSuffix = ".LoginUser.g.cs";

    /// <summary>Whether the type has an id Login can store, so its loaders can be registered.</summary>
    public bool HasUsableId => IdFormat != IdFormat.Unusable;

    public string HintName => FullyQualifiedName.Replace("global::", "").Replace('<', '{').Replace('>', '}') + HintNameSuffix;
}
