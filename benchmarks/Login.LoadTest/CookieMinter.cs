using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Login.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Login.LoadTest;

/// <summary>
/// Writes the cookies the load test sends, with the app's own keys: one Login session per user, bound to the loopback
/// address and the User-Agent wrk will send, and one cookie-authentication ticket.
/// </summary>
internal static class CookieMinter
{
    /// <summary>
    /// <c>sessions.txt</c> (see <see cref="WriteSessionsAsync"/>): session cookies made with the app's keys, each for a
    /// login the served instance has no record of (with the in-memory store it could not have: that is another process).
    /// <c>cookie-auth.txt</c>: one line, the cookie a sign-in with a 3-claim ticket sets.
    /// </summary>
    public static async Task MintAsync(IServiceProvider services, string directory, int users, string userAgent, TextWriter log)
    {
        Directory.CreateDirectory(directory);
        var watch = Stopwatch.StartNew();
        var cookies = new string[users];
        // Each Protect is independent; use every core, as 1,000,000 of them one after the other take minutes.
        Parallel.For(0, users, i =>
            cookies[i] = LoginTestClient.CreateSessionCookie(services, new User { Id = i }, fresh: true, "127.0.0.1", userAgent));
        await WriteSessionsAsync(directory, cookies);
        var authCookie = await SignInAsync(services);
        await File.WriteAllTextAsync(Path.Combine(directory, "cookie-auth.txt"), authCookie + "\n");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minted {users:N0} Login session cookies ({cookies.Min(c => c.Length)}-{cookies.Max(c => c.Length)} characters with the name) and one cookie-authentication cookie ({authCookie.Length} characters) in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>
    /// With PostgreSQL: the session cookies come from real logins, each with its login record in the store, made over
    /// HTTP by this process as a second instance of the app (sharing the database's key ring). Then <paramref name="ended"/>
    /// further logins of the same users are logged out again: the served instance hears of each ending (NOTIFY) and
    /// holds them all in its ended set, which a guarded request consults. Writes <c>sessions.txt</c> and
    /// <c>cookie-auth.txt</c> as <see cref="MintAsync"/> does, <c>ended.txt</c> (cookies of ended logins) and
    /// <c>canary.txt</c> (a live login's cookie and, on the second line, its id, for a check that the served instance
    /// still follows the store after the load).
    /// </summary>
    public static async Task MintByLoggingInAsync(WebApplication app, string directory, int users, int ended, string userAgent, TextWriter log)
    {
        Directory.CreateDirectory(directory);
        var watch = Stopwatch.StartNew();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = Parallelism });
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };

        var cookies = new string[users];
        await Parallel.ForAsync(0, users, parallel, async (i, _) => cookies[i] = await LogInAsync(client, address, i, userAgent));
        await WriteSessionsAsync(directory, cookies);
        var loggedIn = watch.Elapsed;

        var endedCookies = new string[ended];
        await Parallel.ForAsync(0, ended, parallel, async (i, _) =>
        {
            var cookie = await LogInAsync(client, address, i % users, userAgent);
            using (await SendAsync(client, address, "/logout", cookie, userAgent))
            {
            }

            endedCookies[i] = cookie;
        });
        await File.WriteAllLinesAsync(Path.Combine(directory, "ended.txt"), endedCookies);

        // The newest live login of user 0, so the canary is the one just made.
        var canary = await LogInAsync(client, address, 0, userAgent);
        var canaryId = (await app.Services.GetRequiredService<ILoginSessions>().ListAsync("0"))[0].Id;
        await File.WriteAllLinesAsync(Path.Combine(directory, "canary.txt"), [canary, canaryId]);

        var authCookie = await SignInAsync(app.Services);
        await File.WriteAllTextAsync(Path.Combine(directory, "cookie-auth.txt"), authCookie + "\n");
        await app.StopAsync();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logged {users:N0} users in over HTTP in {loggedIn.TotalSeconds:0.0} s ({cookies.Min(c => c.Length)}-{cookies.Max(c => c.Length)} characters with the name), " +
            $"{ended:N0} more in and out in {(watch.Elapsed - loggedIn).TotalSeconds:0.0} s, and signed one cookie-authentication cookie in ({authCookie.Length} characters)"));
    }

    /// <summary>Logins in flight at once: enough to keep the database's commits grouped, few enough for two shared cores.</summary>
    private const int Parallelism = 16;

    /// <summary>
    /// <c>sessions.txt</c>: line <c>i</c> is the <c>Cookie</c> header value for user <c>i</c>, right-padded with spaces to
    /// one width, so the wrk script can find any record without reading the file (HTTP servers trim the trailing spaces).
    /// </summary>
    private static async Task WriteSessionsAsync(string directory, string[] cookies)
    {
        var width = 0;
        foreach (var cookie in cookies)
        {
            width = Math.Max(width, cookie.Length);
        }

        await using var writer = new StreamWriter(Path.Combine(directory, "sessions.txt"), append: false, new UTF8Encoding(false), 1 << 20);
        foreach (var cookie in cookies)
        {
            await writer.WriteAsync(cookie.PadRight(width));
            await writer.WriteAsync('\n');
        }
    }

    /// <summary>Logs user <paramref name="id"/> in; the <c>Cookie</c> header value of the session cookie it set.</summary>
    private static async Task<string> LogInAsync(HttpClient client, Uri address, int id, string userAgent)
    {
        using var response = await SendAsync(client, address, $"/login/{id}", cookie: null, userAgent);
        string? session = null;
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                var pair = value[..value.IndexOf(';', StringComparison.Ordinal)];
                if (!pair.EndsWith('='))
                {
                    session = session is null ? pair : throw new InvalidOperationException($"login of user {id} set more than one cookie");
                }
            }
        }

        return session ?? throw new InvalidOperationException($"login of user {id} set no session cookie");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri address, string path, string? cookie, string userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            throw new InvalidOperationException($"GET {path} on the minting instance: {(int)response.StatusCode}");
        }

        return response;
    }

    /// <summary>A real <c>SignInAsync</c> through the cookie handler, so the ticket carries what a sign-in puts in it (issued and expiry times).</summary>
    private static async Task<string> SignInAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "0"),
                new Claim(ClaimTypes.Name, "user0"),
                new Claim(ClaimTypes.Email, "user0@example.com"),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        var name = CookieAuthenticationDefaults.CookiePrefix + CookieAuthenticationDefaults.AuthenticationScheme;
        foreach (var header in context.Response.Headers.SetCookie)
        {
            if (header is not null && header.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return header[..header.IndexOf(';', StringComparison.Ordinal)];
            }
        }

        throw new InvalidOperationException("SignInAsync set no authentication cookie.");
    }
}
