using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Login.WebApp.Api;

/// <summary>
/// What the API answers a script without a valid key: <c>WWW-Authenticate: Bearer</c> (with <c>error="invalid_token"</c>
/// when a key was sent but is not one, RFC 6750 §3.1) and a ProblemDetails that speaks of this API and its key, not of
/// a page and a login form.
/// </summary>
public static class ApiChallenge
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The API's requests: everything under <c>/api</c>.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The challenge: <c>Bearer</c>, naming the error when the request carried a Bearer key.</summary>
    public static string WwwAuthenticate(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 0 } sent && sent.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? """Bearer realm="api", error="invalid_token", error_description="The API key is not valid." """.TrimEnd()
            : """Bearer realm="api" """.TrimEnd();

    /// <summary>Rewrites the wording of the API's 401 ProblemDetails; every other ProblemDetails is left as it is.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status != StatusCodes.Status401Unauthorized || !IsApi(context.HttpContext.Request))
        {
            return;
        }

        context.ProblemDetails.Title = "An API key is required";
        context.ProblemDetails.Detail =
            "This API needs your API key in the Authorization header: 'Authorization: Bearer <key>'. "
            + "Log in on the site and open /account/api-key to see it; it changes when your password does.";
    }
}

/// <summary>
/// The API's ProblemDetails as JSON whatever the request's Accept says (a script may send <c>Accept: text/html</c>,
/// or copy a browser's), with the same wording: ASP.NET Core's own writer declines a request that does not accept
/// JSON, and what is written then skips <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>.
/// </summary>
public sealed class ApiProblemDetailsWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiChallenge.IsApi(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new(context.HttpContext.Response.WriteAsJsonAsync(
            context.ProblemDetails, (JsonSerializerOptions?)null, "application/problem+json"));
    }
}
