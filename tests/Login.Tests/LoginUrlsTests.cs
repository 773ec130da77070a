using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    [InlineData("/\u00e9t\u00e9")]
    [InlineData("/\U0001D11E")]
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
    [InlineData("/a\u0085b")]
    [InlineData("/%C2%85")]
    [InlineData("/%ED%A0%80")]
    [InlineData("/%C3")]
    public void Everything_else_is_not(string? url) => Assert.False(LoginUrls.IsSafeRedirect(url));

    [Fact]
    public void GetSafeRedirect_falls_back_for_unsafe_next()
    {
        Assert.Equal("/p?x=1", LoginUrls.GetSafeRedirect("/p?x=1", "/home"));
        Assert.Equal("/home", LoginUrls.GetSafeRedirect("//evil.example", "/home"));
        Assert.Equal("/", LoginUrls.GetSafeRedirect(null));
    }

    [Fact]
    public void Every_helper_answers_in_ASCII()
    {
        Assert.Equal("/%C3%A9t%C3%A9", LoginUrls.GetSafeRedirect("/\u00e9t\u00e9", "/"));
        Assert.Equal("/caf%C3%A9?q=%E2%82%AC", LoginUrls.GetSafeRedirect("/caf\u00e9?q=\u20AC"));
        Assert.Equal("/accueil-%C3%A9t%C3%A9", LoginUrls.GetSafeRedirect("//evil.example", "/accueil-\u00e9t\u00e9"));
        Assert.Equal("/caf%C3%A9?x=1", LoginUrls.MakeNextParam("/login", "http://localhost/caf\u00e9?x=1"));
        Assert.Equal("/connexion-%C3%A9t%C3%A9?next=%2Fp", LoginUrls.LoginUrl("/connexion-\u00e9t\u00e9", "/p"));
        Assert.Equal("/connexion?lang=fr&next=%2Fp#%C3%A0", LoginUrls.LoginUrl("/connexion?lang=fr#\u00e0", "/p"));
        Assert.Equal("/connexion-%C3%A9t%C3%A9", LoginUrls.LoginUrl("/connexion-\u00e9t\u00e9"));
    }

    [Fact]
    public void A_lone_surrogate_is_unsafe_and_replaced_never_an_exception()
    {
        // A high surrogate followed by a 3-byte character used to overflow a 4-byte buffer: ArgumentException.
        const string Broken = "/\uD800\u20AC";

        Assert.False(LoginUrls.IsSafeRedirect(Broken));
        Assert.False(LoginUrls.IsSafeRedirect("/%2e" + Broken));
        Assert.False(LoginUrls.IsSafeRedirect("/\uD800"));
        Assert.False(LoginUrls.IsSafeRedirect("/\uDC00x"));
        Assert.False(LoginUrls.IsSafeRedirect("/a%2F\uDBFF"));
        Assert.Equal("/home", LoginUrls.GetSafeRedirect(Broken, "/home"));
        Assert.Equal("/login?next=%2F%EF%BF%BD%E2%82%AC", LoginUrls.LoginUrl("/login", Broken));
        Assert.Equal("/%EF%BF%BD%E2%82%AC", LoginUrls.MakeNextParam("/login", Broken));
        Assert.Equal("/login?next=%2Fx%EF%BF%BD", LoginUrls.LoginUrl("/login", "/x\uD83D"));
        Assert.Equal("/log%EF%BF%BD%E2%82%ACin?a=%EF%BF%BD%EF%BF%BD%EF%BF%BD&next=%2Fp", LoginUrls.LoginUrl("/log\uDC00\u20ACin?a=%ED%A0%80", "/p"));
    }

    [Fact]
    public void Random_strings_never_throw_and_every_answer_is_printable_ASCII()
    {
        // Pieces that have broken URL code: separators, escapes good and bad, controls, non-ASCII of every UTF-8
        // length, and surrogates on their own.
        string[] pieces =
        [
            "/", "//", "\\", "?", "#", "&", "=", "+", "%", "%2F", "%2f", "%5C", "%C3%A9", "%E2%82", "%ED%A0%80", "%zz", "%0D%0A", "%25",
            " ", "\t", "\r\n", "\u0000", "\u007F", "\u0085", "\u00e9", "\u20AC", "\U0001D11E", "\u200B", "\uFEFF",
            "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a", "Z", "0", ":", "http:", "https://", "@", ".", "..", "~", "_", "-",
        ];
        var random = new Random(20240610);
        string Next()
        {
            var builder = new System.Text.StringBuilder();
            for (var count = random.Next(0, 12); count > 0; count--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            return builder.ToString();
        }

        for (var i = 0; i < 20_000; i++)
        {
            var (a, b) = (Next(), Next());
            var field = Next() is { Length: > 0 } f ? f : "next";
            var safe = LoginUrls.IsSafeRedirect(a);

            AssertPrintableAscii(a, LoginUrls.GetSafeRedirect(a, b));
            AssertPrintableAscii(a, LoginUrls.GetSafeRedirect(a));
            AssertPrintableAscii(a, LoginUrls.LoginUrl(b, a));
            AssertPrintableAscii(a, LoginUrls.LoginUrl(b, a, field));
            AssertPrintableAscii(a, LoginUrls.LoginUrl(a));
            AssertPrintableAscii(a, LoginUrls.MakeNextParam(b, a));
            if (safe)
            {
                // Encoding to ASCII changes how a safe value is written, never whether it is safe.
                Assert.True(LoginUrls.IsSafeRedirect(LoginUrls.GetSafeRedirect(a, "/fallback")), Show(a));
                Assert.NotEqual("/fallback", LoginUrls.GetSafeRedirect(a, "/fallback"));
            }
        }
    }

    [Fact]
    public async Task A_non_ASCII_safe_redirect_is_a_302_on_Kestrel()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/done", () => Results.Redirect(LoginUrls.GetSafeRedirect("/\u00e9t\u00e9", "/")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync("/done");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/%C3%A9t%C3%A9", Assert.Single(response.Headers.GetValues("Location")));
    }

    private static void AssertPrintableAscii(string input, string output)
    {
        foreach (var c in output)
        {
            Assert.True(c is >= ' ' and <= '~', $"{Show(output)} (from {Show(input)}) holds U+{(int)c:X4}");
        }
    }

    private static string Show(string value) => string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
