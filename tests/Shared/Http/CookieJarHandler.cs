namespace Login.Testing.Http;

/// <summary>
/// Puts a <see cref="CookieJar"/> in an <see cref="HttpClient"/>'s pipeline: every request sends the jar's cookies and
/// every response's <c>Set-Cookie</c> goes into it, as a browser does. Use it with an inner handler that keeps no cookies
/// of its own (<c>UseCookies = false</c>) and follows no redirects, so the tests see each response as the server sent it.
/// </summary>
public sealed class CookieJarHandler(CookieJar jar) : DelegatingHandler
{
    public CookieJar Jar { get; } = jar;

    /// <summary>A handler over a fresh <see cref="HttpClientHandler"/> that neither keeps cookies nor follows redirects.</summary>
    public static CookieJarHandler OverHttp(CookieJar jar) =>
        new(jar) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Jar.AddTo(request);
        var response = await base.SendAsync(request, cancellationToken);
        Jar.KeepFrom(response);
        return response;
    }
}
