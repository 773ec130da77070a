namespace Login.Guards;

/// <summary>
/// Endpoint metadata saying the guard was woven into the endpoint's request delegate at compile time, so the
/// middleware must not check a second time.
/// </summary>
internal sealed class WovenLoginGuardMetadata
{
    public static readonly WovenLoginGuardMetadata Instance = new();
}
