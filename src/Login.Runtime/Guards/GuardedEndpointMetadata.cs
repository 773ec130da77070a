namespace Login.Guards;

/// <summary>
/// Endpoint metadata saying a Login guard already sits in front of the endpoint's request delegate, so nothing
/// else guards it a second time; and which of the two put it there.
/// </summary>
internal sealed class GuardedEndpointMetadata
{
    /// <summary>Woven into the <c>Map*</c> call at compile time by Login's generator.</summary>
    public static readonly GuardedEndpointMetadata Woven = new(woven: true);

    /// <summary>Put in front of the endpoint at run time, when routing first chose it (see <see cref="LoginGuardMatcherPolicy"/>).</summary>
    public static readonly GuardedEndpointMetadata AtRunTime = new(woven: false);

    private GuardedEndpointMetadata(bool woven) => IsWoven = woven;

    public bool IsWoven { get; }
}
