using System.Net;
using Xunit;

namespace Login.Sample.Tests;

/// <summary>Assertions on a raw response that, when they fail, show the whole response instead of just two numbers.</summary>
public static class ResponseAssert
{
    public static async Task Status(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected} {expected} but got:\n{await DescribeAsync(response)}");
        }
    }

    /// <summary>A 302 whose <c>Location</c> is exactly <paramref name="location"/>, character for character.</summary>
    public static async Task RedirectsTo(string location, HttpResponseMessage response)
    {
        await Status(HttpStatusCode.Found, response);
        Assert.Equal(location, Location(response));
    }

    public static async Task Body(string expected, HttpResponseMessage response)
    {
        await Status(HttpStatusCode.OK, response);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The <c>Location</c> header as sent, before <see cref="Uri"/> parsing could re-encode it.</summary>
    public static string? Location(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.ToString() : null;

    public static void SetsNoCookie(string cookieName, HttpResponseMessage response)
    {
        var cookie = SetCookieHeader.Find(response, cookieName);
        Assert.True(cookie is null, $"Expected no Set-Cookie for {cookieName} but got: {cookie}");
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var headers = string.Join("\n", response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Select(h => $"{h.Key}: {h.Value}"));
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.ReasonPhrase}\n{headers}\n\n{(body.Length > 2000 ? body[..2000] + "…" : body)}";
    }
}
