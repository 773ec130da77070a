using Login.Cookies;
using Login.Sessions;
using Microsoft.Extensions.Primitives;

namespace Login.Tests;

/// <summary>
/// How Login finds its cookies in the raw <c>Cookie</c> header: a cookie as a browser sends it (first, or after
/// <c>';'</c>) is found once; a second copy, or a look-alike that ASP.NET Core's lenient parser would read as the same
/// cookie, makes the header ambiguous and nothing is trusted (DuplicateCookieTests runs these over HTTP).
/// </summary>
public class CookieHeaderTests
{
    private const string Name = ".Login.Session";

    [Theory]
    [InlineData(".Login.Session=abc_-9", "abc_-9")]
    [InlineData("a=1; .Login.Session=abc; b=2", "abc")]
    [InlineData("a=1;.Login.Session=abc;b=2", "abc")]
    [InlineData("a=1; \t.Login.Session=abc \t; b=2", "abc")]
    [InlineData(".Login.Session=", "")]
    [InlineData(".Login.Session=\"abc\"", "\"abc\"")]
    [InlineData(".Login.Session=ab%43", "ab%43")]
    [InlineData("x.Login.Session=1; .Login.Sessions=2; .Login.Session=abc; a=\"q\"", "abc")]
    [InlineData("a=\".Login.Session\"; .Login.Session=abc", "abc")]
    [InlineData("a=\"x; .Login.Session=abc\"", "abc\"")] // quotes hide no ';' from a browser: a is "x, and the rest is the session
    public void A_cookie_sent_once_is_found_with_its_raw_value(string header, string expected)
    {
        Assert.Equal(CookieLookup.Found, CookieHeader.Find(header, Name, out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=1; b=2")]
    [InlineData("x.Login.Session=abc")]
    [InlineData("x_.Login.Session=abc")]
    [InlineData(".Login.Sessions=abc")]
    [InlineData(".Login.Session")]
    [InlineData("a=b.Login.Session")]
    public void A_header_without_the_cookie_is_absent(string header)
    {
        Assert.Equal(CookieLookup.Absent, CookieHeader.Find(header, Name, out _));
    }

    [Theory]
    [InlineData(".Login.Session=abc; .Login.Session=def")]
    [InlineData(".Login.Session=abc; .Login.Session=abc")]
    [InlineData(".Login.Session=abc; .login.session=def")]
    [InlineData(".LOGIN.SESSION=def")]
    [InlineData("x@.Login.Session=def")]
    [InlineData("a=x,.Login.Session=def")]
    [InlineData("a=1, .Login.Session=abc")]
    [InlineData("a=b .Login.Session=def")]
    [InlineData(".Login.Session =abc")]
    [InlineData(".Login.Session=abc; a=?.Login.Session=def")]
    public void A_second_copy_or_a_look_alike_is_ambiguous(string header)
    {
        Assert.Equal(CookieLookup.Ambiguous, CookieHeader.Find(header, Name, out var value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void Cookies_split_over_several_header_values_are_read_together()
    {
        // HTTP/2 and HTTP/3 clients may send one cookie per header field.
        Assert.Equal(CookieLookup.Found, CookieHeader.Find(new StringValues(["a=1", ".Login.Session=abc", "b=2"]), Name, out var value));
        Assert.Equal("abc", value.ToString());

        Assert.Equal(CookieLookup.Ambiguous, CookieHeader.Find(new StringValues([".Login.Session=abc", ".Login.Session=def"]), Name, out _));
        Assert.Equal(CookieLookup.Ambiguous, CookieHeader.Find(new StringValues([".Login.Session=abc", "x@.Login.Session=def"]), Name, out _));
        Assert.Equal(CookieLookup.Absent, CookieHeader.Find(StringValues.Empty, Name, out _));
    }

    [Fact]
    public void Contains_sees_the_cookie_in_any_form()
    {
        Assert.True(CookieHeader.Contains(".Login.Session=abc", Name));
        Assert.True(CookieHeader.Contains(".Login.Session=a; .Login.Session=b", Name));
        Assert.False(CookieHeader.Contains("a=1", Name));
    }
}
