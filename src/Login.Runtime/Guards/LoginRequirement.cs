namespace Login.Guards;

/// <summary>What a guarded endpoint asks of the current user.</summary>
public enum LoginRequirement
{
    /// <summary>Any authenticated user.</summary>
    Login = 1,

    /// <summary>An authenticated user whose login is fresh.</summary>
    FreshLogin = 2,
}
