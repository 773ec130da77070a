using System.ComponentModel;

namespace Login.CompilerServices;

/// <summary>
/// Endpoint metadata that Login's generated code adds for a handler parameter of a
/// <see cref="LoginUserAttribute">[LoginUser]</see> type (through <c>IEndpointParameterMetadataProvider</c>): the
/// handler takes a <see cref="UserType"/>, so its guard requires a login of that type.
/// </summary>
/// <remarks>
/// For Login's generated code: not meant to be used by hand, and not a stable API (it may change in any release).
/// It makes no endpoint guarded by itself: it narrows the user type a guard (<c>[LoginRequired]</c>,
/// <c>RequireLogin()</c>) asks for.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class UserParameterMetadata
{
    /// <summary>Creates the metadata for a parameter of <paramref name="userType"/>.</summary>
    public UserParameterMetadata(Type userType)
    {
        ArgumentNullException.ThrowIfNull(userType);
        UserType = userType;
    }

    /// <summary>The parameter's user type.</summary>
    public Type UserType { get; }
}
