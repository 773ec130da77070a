using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>
/// An exception outside Development: a page that says sorry (and ProblemDetails for the API), never the exception.
/// The users table is renamed under the running app, as a failed migration would leave it, so looking up an API key
/// throws.
/// </summary>
[Collection(ProductionWebAppCollection.Name)]
public sealed class ServerErrorTests(RunningWebAppInProduction app) : IAsyncLifetime, IDisposable
{
    // What the exception says; none of it may reach the visitor.
    private static readonly string[] Details = ["no such table", "SqliteException", "UserStore", "   at "];

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = app.BaseAddress,
    };

    public async Task InitializeAsync()
    {
        var users = new SqliteConnectionStringBuilder { DataSource = Path.Combine(app.DataDirectory.FullName, "users.db"), Pooling = false };
        await using var connection = new SqliteConnection(users.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Each test breaks it again; the second finds it broken already.
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            command.CommandText = "ALTER TABLE users RENAME TO users_being_migrated";
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_page_that_throws_is_a_500_page_without_the_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer lwa_a-key-to-look-up");

        using var response = await _http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"No page, {(int)response.StatusCode}: '{body}'. The app's output:\n{app.Output}");
        await ErrorPageTests.AssertErrorPageAsync(response, HttpStatusCode.InternalServerError, "The error has been logged");
        await AssertNoDetailsAsync(body);
    }

    [Fact]
    public async Task The_api_that_throws_is_a_500_problem_without_the_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer lwa_a-key-to-look-up");

        using var response = await _http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"Expected 500 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        await AssertNoDetailsAsync(body);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _http.Dispose();

    private async Task AssertNoDetailsAsync(string body)
    {
        foreach (var detail in Details)
        {
            Assert.DoesNotContain(detail, body, StringComparison.OrdinalIgnoreCase);
        }

        // The app did fail the way the test meant, not some other way. Its log line reaches us through its output pipe,
        // which may be read after the response arrived: wait for it (a bound for a loaded machine, not a figure).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!app.Output.Contains("no such table: users", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("no such table: users", app.Output, StringComparison.Ordinal);
    }
}
