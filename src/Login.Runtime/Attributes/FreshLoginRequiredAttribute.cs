using Login.Guards;

namespace Login;

/// <summary>
/// Only a user who logged in during this session (not restored from the remember cookie) may reach this handler
/// (Flask-Login's <c>fresh_login_required</c>), as any user type. Anonymous requests are treated as by
/// <see cref="LoginRequiredAttribute"/>; logged-in but stale ones are sent to <see cref="LoginOptions.RefreshView"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class FreshLoginRequiredAttribute : LoginRequiredAttribute
{
    /// <inheritdoc />
    public override LoginRequirement Requirement => LoginRequirement.FreshLogin;
}

/// <summary>
/// Only a user freshly logged in as a <typeparamref name="TUser"/> may reach this handler: what
/// <see cref="FreshLoginRequiredAttribute"/> asks, of that user type (see <see cref="LoginRequiredAttribute{TUser}"/>).
/// </summary>
/// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class.</typeparam>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class FreshLoginRequiredAttribute<TUser> : LoginRequiredAttribute<TUser>
    where TUser : class, IUser
{
    /// <inheritdoc />
    public override LoginRequirement Requirement => LoginRequirement.FreshLogin;
}
