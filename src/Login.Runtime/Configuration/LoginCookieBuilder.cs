using Microsoft.AspNetCore.Http;

namespace Login;

/// <summary>
/// The default <see cref="LoginOptions.SessionCookie"/> and <see cref="LoginOptions.RememberCookie"/>: a
/// <see cref="CookieBuilder"/> whose <see cref="Name"/> and <see cref="SecurePolicy"/> follow the environment until the
/// application sets them (in code or configuration), so a value the application chose is never replaced.
/// </summary>
/// <remarks>
/// Outside Development: the <c>__Host-</c> name and <see cref="CookieSecurePolicy.Always"/>. In Development
/// (<see cref="LoginCookieDefaults"/> switches once the options are configured): the plain name and
/// <see cref="CookieSecurePolicy.SameAsRequest"/>, so http://localhost works.
/// </remarks>
internal sealed class LoginCookieBuilder : CookieBuilder
{
    private readonly string _developmentName;
    private bool _nameSet;
    private bool _securePolicySet;

    /// <param name="name">The name outside Development; starts with <c>__Host-</c>.</param>
    /// <param name="developmentName">The name in Development.</param>
    public LoginCookieBuilder(string name, string developmentName)
    {
        base.Name = name;
        base.SecurePolicy = CookieSecurePolicy.Always;
        _developmentName = developmentName;
    }

    /// <summary>Whether <see cref="Name"/> is still the default, not a name the application set.</summary>
    public bool HasDefaultName => !_nameSet;

    /// <inheritdoc />
    public override string? Name
    {
        get => base.Name;
        set
        {
            base.Name = value;
            _nameSet = true;
        }
    }

    /// <inheritdoc />
    public override CookieSecurePolicy SecurePolicy
    {
        get => base.SecurePolicy;
        set
        {
            base.SecurePolicy = value;
            _securePolicySet = true;
        }
    }

    /// <summary>Development: the plain name and Secure only over HTTPS, for what the application left unset.</summary>
    public void UseDevelopmentDefaults()
    {
        if (!_nameSet)
        {
            base.Name = _developmentName;
        }

        if (!_securePolicySet)
        {
            base.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }
    }
}
