using System.Net;
using System.Text.Json;
using Xunit;

namespace Login.WebApp.Tests;

/// <summary>What Login answers an API request without a user: 401 with an RFC 9457 ProblemDetails body.</summary>
public static class ProblemAssert
{
    public static async Task IsUnauthorizedProblem(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"Expected 401 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()), body);
    }
}
