using System.Globalization;
using Login.Testing.Http;

namespace Login.Tests;

/// <summary>
/// The shared cookie jar (tests/Shared/Http/CookieJar.cs) every HTTP test keeps its cookies in: it must judge expiry by
/// the app's clock, never the machine's (issue 22), or refusal tests pass without ever sending the cookie.
/// </summary>
public sealed class CookieJarTests
{
    private static readonly TimeSpan TenYears = TimeSpan.FromDays(3652);

    [Fact]
    public void A_cookie_expiring_after_the_apps_date_is_kept_though_the_machines_date_is_past_it()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow - TenYears);
        var jar = new CookieJar(clock);

        jar.Keep($"remember_token=abc; expires={Http(clock.Now.AddDays(30))}; path=/; httponly");

        Assert.Equal("abc", jar.Cookies["remember_token"]);
    }

    [Fact]
    public void A_cookie_expired_on_the_apps_date_is_forgotten_though_the_machines_date_is_before_it()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow + TenYears);
        var jar = new CookieJar(clock);
        jar.Keep("remember_token=abc; path=/");

        jar.Keep($"remember_token=def; expires={Http(clock.Now.AddDays(-1))}; path=/");

        Assert.False(jar.Cookies.ContainsKey("remember_token"), "a cookie that expired on the app's clock was kept");
    }

    [Theory]
    [InlineData("s=; path=/")]
    [InlineData("s=gone; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/")]
    [InlineData("s=gone; max-age=0; path=/")]
    [InlineData("s=gone; Max-Age=-1")]
    public void A_deletion_forgets_the_cookie(string deletion)
    {
        var jar = new CookieJar(new ManualClock());
        jar.Keep("s=abc; path=/");

        jar.Keep(deletion);

        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public void A_positive_max_age_keeps_the_cookie_whatever_expires_says()
    {
        // RFC 6265 §5.3: Max-Age takes precedence over Expires.
        var jar = new CookieJar(new ManualClock());

        jar.Keep("s=abc; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=60");

        Assert.Equal("abc", jar.Cookies["s"]);
    }

    [Fact]
    public void Kept_cookies_are_sent_back_and_replaced_by_name()
    {
        var jar = new CookieJar(new ManualClock());
        using var empty = new HttpRequestMessage(HttpMethod.Get, "/");
        jar.AddTo(empty);
        Assert.False(empty.Headers.Contains("Cookie"));

        using var response = new HttpResponseMessage();
        response.Headers.Add("Set-Cookie", ["a=1; path=/", "b=2; path=/", "a=3; path=/"]);
        jar.KeepFrom(response);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        jar.AddTo(request);

        var sent = Assert.Single(request.Headers.GetValues("Cookie")).Split("; ").Order(StringComparer.Ordinal);
        Assert.Equal(["a=3", "b=2"], sent);
    }

    [Fact]
    public void An_unreadable_expiry_is_an_error_rather_than_a_guess()
    {
        var jar = new CookieJar(new ManualClock());

        var error = Assert.Throws<FormatException>(() => jar.Keep("s=abc; expires=soon"));

        Assert.Contains("soon", error.Message, StringComparison.Ordinal);
    }

    private static string Http(DateTimeOffset instant) => instant.ToString("R", CultureInfo.InvariantCulture);
}
