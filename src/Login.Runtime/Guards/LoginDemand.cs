namespace Login.Guards;

/// <summary>
/// What an endpoint, a hub, a hub method or a page asks of the current user, as <see cref="LoginRequirements.Of"/>
/// read it from the metadata: how (<see cref="Requirement"/>) and as which user type (<see cref="UserType"/>). A value,
/// so a guarded request decides without allocating.
/// </summary>
/// <param name="Requirement">A login, or a fresh login.</param>
/// <param name="UserType">
/// The <see cref="LoginUserAttribute">[LoginUser]</see> class the user must be an instance of, or <see langword="null"/>
/// for any user type. <see cref="ConflictingUserTypes"/> when the metadata names two unrelated types: nobody passes.
/// </param>
internal readonly record struct LoginDemand(LoginRequirement Requirement, Type? UserType = null)
{
    /// <summary>Whether the metadata named two user types no user can be at once.</summary>
    public bool HasConflictingUserTypes => UserType == typeof(ConflictingUserTypes);

    /// <summary>Whether <paramref name="user"/> (logged in) is of the user type this demands.</summary>
    public bool Admits(IUser user) => UserType is not { } type || type.IsInstanceOfType(user);

    /// <summary>
    /// Stands for "two user types that exclude each other" (<c>[LoginRequired&lt;Admin&gt;]</c> on a handler taking a
    /// <c>Customer</c>): no user is an instance of it, so every logged-in request gets 403.
    /// </summary>
    internal sealed class ConflictingUserTypes
    {
        private ConflictingUserTypes()
        {
        }
    }
}
