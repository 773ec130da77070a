using Login.Cookies;
using Login.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Tests;

/// <summary>
/// What a cookie the app wrote says inside, read with the app's own keys: a claim about a cookie's content (a new login
/// family, no user left) is checked on the content, never on the ciphertext, which DataProtection's random IV changes on
/// every write anyway.
/// </summary>
internal static class CookiePayloads
{
    /// <summary>The session in <paramref name="value"/>, or <c>null</c> when it is no session cookie of this app's.</summary>
    public static SessionState? Session(TestApp app, string? value) => app.Services.GetRequiredService<LoginService>().SessionFormat.Unprotect(value);

    /// <summary>The token in <paramref name="value"/>, or <c>null</c> when it is no valid remember cookie of this app's now.</summary>
    public static RememberToken? Remember(TestApp app, string? value) =>
        new RememberCookieFormat(Keys(app)).TryUnprotect(value, app.Clock.GetUtcNow(), out var token) ? token : null;

    private static IDataProtectionProvider Keys(TestApp app) => app.Services.GetRequiredService<IDataProtectionProvider>();
}
