using Login.Guards;

namespace Login;

/// <summary>
/// Only a user who logged in during this session (not restored from the remember cookie) may reach this handler
/// (Flask-Login's <c>fresh_login_required</c>). Anonymous requests are treated as by
/// <see cref="LoginRequiredAttribute"/>; logged-in but stale ones are sent to <see cref="LoginOptions.RefreshView"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class FreshLoginRequiredAttribute : LoginRequiredAttribute
{
    /// <inheritdoc />
    public override LoginRequirement Requirement => LoginRequirement.FreshLogin;
}
