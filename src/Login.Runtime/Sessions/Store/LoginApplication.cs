using Login.CompilerServices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Login.Sessions.Store;

/// <summary>
/// The application a shared store's rows belong to: two apps on one database (or one SQLite file) see only their own
/// logins, endings and DataProtection keys. <see cref="LoginOptions.ApplicationName"/> when set, else DataProtection's
/// application name (<c>SetApplicationName</c>, or its default, the content root path).
/// </summary>
internal sealed class LoginApplication(string name, bool isExplicit, string? legacyUserType = null)
{
    /// <summary>The name of an app that has none (a store made without a host, as in tests).</summary>
    public const string Unnamed = "";

    public string Name { get; } = name;

    /// <summary>
    /// Whether the app chose its name (Login's option or <c>SetApplicationName</c>); a default one (the content root
    /// path) is the same for two apps deployed to the same path, as containers often are.
    /// </summary>
    public bool IsExplicit { get; } = isExplicit;

    /// <summary>
    /// The user type key that this app's logins recorded without one (before Login kept user types) belong to: the key
    /// of its only user type (<see cref="LoginUserTypes.Legacy"/>); <see langword="null"/> with several, and then such
    /// logins are nobody's. A database store gives it to those rows when it starts.
    /// </summary>
    public string? LegacyUserType { get; } = legacyUserType;

    public static LoginApplication Resolve(IServiceProvider services)
    {
        var options = services.GetService<IOptions<LoginOptions>>()?.Value;
        var legacy = options is null ? null : LoginUserTypes.Build(options).Legacy?.Key;
        if (options?.ApplicationName is { Length: > 0 } login)
        {
            return new LoginApplication(login, isExplicit: true, legacy);
        }

        var discriminator = services.GetService<IOptions<DataProtectionOptions>>()?.Value.ApplicationDiscriminator;
        if (string.IsNullOrEmpty(discriminator))
        {
            return new LoginApplication(Unnamed, isExplicit: false, legacy);
        }

        // DataProtection's own default comes from the host (IApplicationDiscriminator: the content root path); a name
        // that differs from it was set by the app.
        var hostDefault = services.GetApplicationUniqueIdentifier();
        return new LoginApplication(discriminator, !string.Equals(discriminator, hostDefault, StringComparison.Ordinal), legacy);
    }

    /// <summary>
    /// What Login's cookies are protected with: bound to <see cref="LoginOptions.ApplicationName"/> when the app set
    /// one, so two apps that share DataProtection's keys and application name still cannot read each other's cookies.
    /// Without it, DataProtection's application name (its root purpose) does that already.
    /// </summary>
    public static IDataProtectionProvider CookieProtection(IDataProtectionProvider provider, LoginOptions options) =>
        options.ApplicationName is { Length: > 0 } name ? provider.CreateProtector("Login.Application", name) : provider;

    /// <summary>A SQL string literal of <paramref name="text"/> (standard quoting, as both SQLite and PostgreSQL read it).</summary>
    public static string SqlLiteral(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
