namespace Login.Sample.Tests;

/// <summary>
/// Someone using the sample with a plain HTTP client: their own cookie jar (tests/Shared/Http), and redirects left
/// unfollowed so the tests see each 302 and its <c>Location</c> exactly as the server sent it.
/// </summary>
public sealed class Visitor : IDisposable
{
    private readonly HttpClient _client;

    public Visitor(Uri baseAddress)
    {
        // The sample runs in its own process on the real clock, so that is the clock cookie expiry is judged by.
        Jar = new CookieJar(TimeProvider.System);
        _client = new HttpClient(CookieJarHandler.OverHttp(Jar)) { BaseAddress = baseAddress };
    }

    /// <summary>The cookies this visitor holds now, as a browser would after every response so far.</summary>
    public CookieJar Jar { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>Opens <c>GET /login</c> (which also hands out the antiforgery cookie) and reads its form.</summary>
    public async Task<LoginForm> OpenLoginFormAsync(string path = "/login")
    {
        using var response = await _client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return LoginForm.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the form as a browser would: the hidden fields it was given, then what the visitor typed.</summary>
    public Task<HttpResponseMessage> SubmitAsync(LoginForm form, string email, string password, string? next = null, bool withAntiforgeryToken = true)
    {
        var fields = new Dictionary<string, string>(form.HiddenFields, StringComparer.Ordinal);
        if (!withAntiforgeryToken)
        {
            fields.Remove(LoginForm.AntiforgeryFieldName);
        }

        if (next is not null)
        {
            fields["next"] = next;
        }

        fields["email"] = email;
        fields["password"] = password;
        return _client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>Opens the form and logs in with the given pair; returns the response to the POST.</summary>
    public async Task<HttpResponseMessage> LogInAsync(string email, string password, string? next = null)
    {
        var form = await OpenLoginFormAsync();
        return await SubmitAsync(form, email, password, next);
    }

    /// <summary>Opens <c>GET /logout</c> and presses its button, as a browser would: a POST with the form's antiforgery token.</summary>
    public async Task<HttpResponseMessage> LogOutAsync()
    {
        var form = await OpenLoginFormAsync("/logout");
        return await _client.PostAsync("/logout", new FormUrlEncodedContent(form.HiddenFields));
    }

    public Task<HttpResponseMessage> PostAsync(string path) => _client.PostAsync(path, new FormUrlEncodedContent([]));

    public void Dispose() => _client.Dispose();
}
