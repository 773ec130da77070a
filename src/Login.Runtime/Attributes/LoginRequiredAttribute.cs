using Login.Guards;

namespace Login;

/// <summary>
/// Only a logged-in user may reach this handler (Flask-Login's <c>login_required</c>). Anonymous requests get a
/// redirect to <see cref="LoginOptions.LoginView"/>, or 401 when no login view is set.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public class LoginRequiredAttribute : Attribute, ILoginRequirementMetadata
{
    /// <inheritdoc />
    public virtual LoginRequirement Requirement => LoginRequirement.Login;
}
