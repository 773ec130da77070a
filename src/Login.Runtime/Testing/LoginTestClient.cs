using System.Net.Http.Headers;
using Login.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Testing;

/// <summary>
/// Logs a user into a test client without going through a login form (Flask-Login's <c>FlaskLoginClient</c>):
/// the session cookie is made with the test server's own keys and options, fresh or not, and bound to the client's
/// address and User-Agent so session protection accepts it.
/// </summary>
public static class LoginTestClient
{
    /// <summary>The User-Agent <see cref="LoginAs"/> sends, and binds the session to.</summary>
    public const string UserAgent = "Login.Testing";

    /// <summary>
    /// A <c>Cookie</c> header value (<c>name=value</c>) that logs <paramref name="user"/> in on the app whose services
    /// these are.
    /// </summary>
    /// <param name="services">The app's services, e.g. <c>app.Services</c> or a test server's <c>Services</c>.</param>
    /// <param name="user">The user to log in; it must have an id.</param>
    /// <param name="fresh">Whether the login counts as fresh.</param>
    /// <param name="remoteAddress">The client address the server will see: <c>null</c> for TestHost, <c>127.0.0.1</c> for Kestrel on loopback.</param>
    /// <param name="userAgent">The User-Agent the client will send.</param>
    public static string CreateSessionCookie(IServiceProvider services, IUser user, bool fresh = true, string? remoteAddress = null, string? userAgent = UserAgent)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(user);
        var login = services.GetService<LoginService>()
            ?? throw new InvalidOperationException("These services have no Login: call AddLogin in the app under test.");
        var userId = user.GetId() ?? throw new ArgumentException("The user has no id.", nameof(user));
        var userType = login.UserTypes.Of(user.GetType()) ?? throw new ArgumentException(
            $"{user.GetType().FullName} is not a user type of the app under test (no loader returns it).", nameof(user));
        var now = login.Time.GetUtcNow();
        // A login family like any login's, so the test login is listed by GetLoginSessionsAsync and ends with logout.
        // (The helper is synchronous; the in-memory store answers at once, a database store is waited for.)
        var familyId = FamilyIds.New();
        login.Families.Store.CreateAsync(new LoginFamily
        {
            Id = FamilyIds.ToText(familyId),
            UserId = userId,
            UserType = userType.Key,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + login.Options.SessionLifetime,
            UserAgent = userAgent,
            IpAddress = remoteAddress,
        }, CancellationToken.None).GetAwaiter().GetResult();
        var session = new SessionState
        {
            UserId = userId,
            UserType = userType,
            SessionId = familyId,
            IssuedAt = now,
            LastSeen = now,
            Fresh = fresh,
            Identifier = ClientIdentifier.Of(remoteAddress, userAgent),
            Stamp = SessionStamps.Of(user),
        };
        return $"{login.Options.SessionCookie.Name}={login.SessionFormat.Protect(session)}";
    }

    /// <summary>
    /// Makes every request of <paramref name="client"/> carry a session for <paramref name="user"/>, and the
    /// User-Agent the session is bound to. Returns the client.
    /// </summary>
    public static HttpClient LoginAs(this HttpClient client, IServiceProvider services, IUser user, bool fresh = true, string? remoteAddress = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cookie = CreateSessionCookie(services, user, fresh, remoteAddress, UserAgent);
        client.DefaultRequestHeaders.Remove("Cookie");
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.UserAgent.Clear();
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(UserAgent, null));
        return client;
    }
}
