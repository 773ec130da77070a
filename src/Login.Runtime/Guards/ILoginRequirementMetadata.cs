namespace Login.Guards;

/// <summary>Endpoint metadata saying that the endpoint is guarded by Login, and how.</summary>
public interface ILoginRequirementMetadata
{
    /// <summary>What the current user must be to reach the endpoint.</summary>
    LoginRequirement Requirement { get; }

    /// <summary>
    /// The <see cref="LoginUserAttribute">[LoginUser]</see> type the login must be of, or <see langword="null"/> for
    /// any user type.
    /// </summary>
    Type? UserType => null;
}
