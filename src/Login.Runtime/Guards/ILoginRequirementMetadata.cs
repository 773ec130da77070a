namespace Login.Guards;

/// <summary>Endpoint metadata saying that the endpoint is guarded by Login, and how.</summary>
public interface ILoginRequirementMetadata
{
    /// <summary>What the current user must be to reach the endpoint.</summary>
    LoginRequirement Requirement { get; }
}
