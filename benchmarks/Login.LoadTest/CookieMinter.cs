using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Login.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Login.LoadTest;

/// <summary>
/// Writes the cookies the load test sends, with the app's own keys: one Login session per user, bound to the loopback
/// address and the User-Agent wrk will send, and one cookie-authentication ticket.
/// </summary>
internal static class CookieMinter
{
    /// <summary>
    /// <c>sessions.txt</c>: line <c>i</c> is the <c>Cookie</c> header value for user <c>i</c>, right-padded with spaces to
    /// one width, so the wrk script can find any record without reading the file (HTTP servers trim the trailing spaces).
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
        var width = 0;
        foreach (var cookie in cookies)
        {
            width = Math.Max(width, cookie.Length);
        }

        await using (var writer = new StreamWriter(Path.Combine(directory, "sessions.txt"), append: false, new UTF8Encoding(false), 1 << 20))
        {
            foreach (var cookie in cookies)
            {
                await writer.WriteAsync(cookie.PadRight(width));
                await writer.WriteAsync('\n');
            }
        }

        var authCookie = await SignInAsync(services);
        await File.WriteAllTextAsync(Path.Combine(directory, "cookie-auth.txt"), authCookie + "\n");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minted {users:N0} Login session cookies ({cookies[0].Length}-{width} characters with the name) and one cookie-authentication cookie ({authCookie.Length} characters) in {watch.Elapsed.TotalSeconds:0.0} s"));
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
