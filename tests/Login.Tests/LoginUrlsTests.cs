namespace Login.Tests;

/// <summary>The same strings Flask-Login's login_url and make_next_param produce, and safe redirects.</summary>
public class LoginUrlsTests
{
    [Theory]
    [InlineData("/login", "/protected", "/login?next=%2Fprotected")]
    [InlineData("/login", "/a b?q=1&r=x/y", "/login?next=%2Fa+b%3Fq%3D1%26r%3Dx%2Fy")]
    [InlineData("/login?lang=en", "/protected", "/login?lang=en&next=%2Fprotected")]
    [InlineData("/login?next=%2Fold&lang=en", "/new", "/login?next=%2Fnew&lang=en")]
    [InlineData("/login?empty=", "/p", "/login?next=%2Fp")]
    [InlineData("/login", "/caf\u00e9", "/login?next=%2Fcaf%C3%A9")]
    [InlineData("/login", "http://localhost/protected", "/login?next=%2Fprotected")]
    [InlineData("https://auth.example/login", "https://app.example/x?y=1", "https://auth.example/login?next=https%3A%2F%2Fapp.example%2Fx%3Fy%3D1")]
    [InlineData("https://app.example/login", "https://app.example/x?y=1", "https://app.example/login?next=%2Fx%3Fy%3D1")]
    public void LoginUrl_matches_Flask_Login(string view, string next, string expected) =>
        Assert.Equal(expected, LoginUrls.LoginUrl(view, next));

    [Fact]
    public void LoginUrl_uses_the_next_field_given()
    {
        Assert.Equal("/login?return_to=%2Fp", LoginUrls.LoginUrl("/login", "/p", "return_to"));
        Assert.Equal("/login", LoginUrls.LoginUrl("/login"));
    }

    [Theory]
    [InlineData("/protected")]
    [InlineData("/a/b?c=d#e")]
    [InlineData("/caf%C3%A9")]
    [InlineData("/")]
    public void Local_paths_are_safe(string url) => Assert.True(LoginUrls.IsSafeRedirect(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("protected")]
    [InlineData("//evil.example")]
    [InlineData("///evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/x\\..\\evil")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" /protected")]
    [InlineData("\t//evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%252F%252Fevil.example")]
    [InlineData("/a\r\nLocation: https://evil.example")]
    [InlineData("/a%0d%0aSet-Cookie:x=y")]
    [InlineData("/%zz")]
    public void Everything_else_is_not(string? url) => Assert.False(LoginUrls.IsSafeRedirect(url));

    [Fact]
    public void GetSafeRedirect_falls_back_for_unsafe_next()
    {
        Assert.Equal("/p?x=1", LoginUrls.GetSafeRedirect("/p?x=1", "/home"));
        Assert.Equal("/home", LoginUrls.GetSafeRedirect("//evil.example", "/home"));
        Assert.Equal("/", LoginUrls.GetSafeRedirect(null));
    }
}
