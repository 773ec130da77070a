using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Login;

/// <summary>
/// Rejects cookie settings a browser would silently refuse, at startup: a <c>__Host-</c> name must be Secure, without a
/// Domain, with Path <c>/</c>; a <c>__Secure-</c> name must be Secure (browsers compare the prefixes without regard to
/// case). Otherwise the app starts, sets its cookies, and every login is lost on the next request.
/// </summary>
internal sealed class LoginCookieValidator : IValidateOptions<LoginOptions>
{
    private const string HostPrefix = "__Host-";
    private const string SecurePrefix = "__Secure-";

    public ValidateOptionsResult Validate(string? name, LoginOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(LoginOptions.SessionCookie), options.SessionCookie);
        Check(failures, nameof(LoginOptions.RememberCookie), options.RememberCookie);
        if (options.SessionCookie?.Name is { } session && options.RememberCookie?.Name is { } remember
            && !string.Equals(session, remember, StringComparison.Ordinal) && string.Equals(session, remember, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"LoginOptions.SessionCookie.Name \"{session}\" and LoginOptions.RememberCookie.Name \"{remember}\" must differ in more " +
                "than case: ASP.NET Core reads cookie names without regard to case, and Login refuses a cookie that comes twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string option, CookieBuilder? cookie)
    {
        if (cookie?.Name is not { } name)
        {
            return; // LoginOptionsValidator asks for a name
        }

        var described = $"LoginOptions.{option}.Name is \"{name}\"" + (cookie is LoginCookieBuilder { HasDefaultName: true } ? " (the default outside Development)" : "");
        if (name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var problems = new List<string>();
            if (cookie.SecurePolicy != CookieSecurePolicy.Always)
            {
                problems.Add($"{option}.SecurePolicy is {cookie.SecurePolicy}, not Always");
            }

            if (!string.IsNullOrEmpty(cookie.Domain))
            {
                problems.Add($"{option}.Domain is \"{cookie.Domain}\"");
            }

            if (cookie.Path != "/")
            {
                problems.Add(cookie.Path is null ? $"{option}.Path is not set" : $"{option}.Path is \"{cookie.Path}\", not \"/\"");
            }

            if (problems.Count > 0)
            {
                var rest = name[HostPrefix.Length..];
                failures.Add($"{described}, and browsers only keep a __Host- cookie that is Secure, has no Domain and has Path \"/\"; " +
                    $"but {string.Join(", and ", problems)}. Keep SecurePolicy = CookieSecurePolicy.Always, no Domain and Path \"/\", or choose " +
                    $"another {option}.Name: \"{SecurePrefix}{rest}\" (Secure only, with a Domain or Path) or one without a prefix (also over " +
                    "plain HTTP; a sibling subdomain can then set a cookie of that name).");
            }
        }
        else if (name.StartsWith(SecurePrefix, StringComparison.OrdinalIgnoreCase) && cookie.SecurePolicy != CookieSecurePolicy.Always)
        {
            failures.Add($"{described}, and browsers only keep a __Secure- cookie that is Secure; but {option}.SecurePolicy is " +
                $"{cookie.SecurePolicy}. Set {option}.SecurePolicy = CookieSecurePolicy.Always, or choose a name without the prefix.");
        }
    }
}
