using Login.Guards;

namespace Login;

/// <summary>
/// Only a logged-in user may reach this handler (Flask-Login's <c>login_required</c>), as any user type. Anonymous
/// requests get a redirect to <see cref="LoginOptions.LoginView"/>, or 401 when no login view is set.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public class LoginRequiredAttribute : Attribute, ILoginRequirementMetadata
{
    /// <inheritdoc />
    public virtual LoginRequirement Requirement => LoginRequirement.Login;

    /// <inheritdoc />
    public virtual Type? UserType => null;
}

/// <summary>
/// Only a user logged in as a <typeparamref name="TUser"/> may reach this handler. Anonymous requests go to that user
/// type's login view (<see cref="LoginOptions.LoginViewFor{TUser}(string)"/>, else <see cref="LoginOptions.LoginView"/>);
/// a request logged in as another user type gets 403, never the handler.
/// </summary>
/// <typeparam name="TUser">A <see cref="LoginUserAttribute">[LoginUser]</see> class.</typeparam>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public class LoginRequiredAttribute<TUser> : LoginRequiredAttribute
    where TUser : class, IUser
{
    /// <inheritdoc />
    public override Type? UserType => typeof(TUser);
}
