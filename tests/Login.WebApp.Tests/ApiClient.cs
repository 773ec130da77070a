using System.Net.Http.Headers;

namespace Login.WebApp.Tests;

/// <summary>A script calling <c>/api/me</c>, as the account page's curl example does: no cookies, only the header.</summary>
public sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseAddress,
    };

    /// <summary><c>GET /api/me</c> with <c>Authorization: Bearer &lt;key&gt;</c>, or with no Authorization header when <paramref name="apiKey"/> is null.</summary>
    public async Task<HttpResponseMessage> GetMeAsync(string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
