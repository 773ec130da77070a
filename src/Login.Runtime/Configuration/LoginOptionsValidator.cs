using Login.Loading;
using Microsoft.Extensions.Options;

namespace Login;

/// <summary>Rejects unusable options at startup, with a message that says what to change.</summary>
internal sealed class LoginOptionsValidator : IValidateOptions<LoginOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginOptions options)
    {
        var failures = new List<string>();
        CheckView(failures, nameof(LoginOptions.LoginView), options.LoginView);
        CheckView(failures, nameof(LoginOptions.RefreshView), options.RefreshView);
        if (string.IsNullOrWhiteSpace(options.NextField))
        {
            failures.Add("LoginOptions.NextField must not be empty; the default is \"next\".");
        }

        if (string.IsNullOrWhiteSpace(options.AuthHeaderName))
        {
            failures.Add("LoginOptions.AuthHeaderName must not be empty; the default is \"Authorization\".");
        }

        if (options.RememberCookieDuration <= TimeSpan.Zero)
        {
            failures.Add($"LoginOptions.RememberCookieDuration must be positive, not {options.RememberCookieDuration}; the default is 365 days.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"LoginOptions.SessionLifetime must be positive, not {options.SessionLifetime}; the default is 31 days.");
        }

        if (options.SessionCookie is null || string.IsNullOrWhiteSpace(options.SessionCookie.Name))
        {
            failures.Add("LoginOptions.SessionCookie.Name must be set; the default is \".Login.Session\".");
        }

        if (options.RememberCookie is null || string.IsNullOrWhiteSpace(options.RememberCookie.Name))
        {
            failures.Add("LoginOptions.RememberCookie.Name must be set; the default is \"remember_token\".");
        }
        else if (string.Equals(options.SessionCookie?.Name, options.RememberCookie.Name, StringComparison.Ordinal))
        {
            failures.Add("LoginOptions.SessionCookie and LoginOptions.RememberCookie must have different names.");
        }

        if (options.AnonymousUser is null || options.AnonymousUser.IsAuthenticated)
        {
            failures.Add("LoginOptions.AnonymousUser must be set to a user whose IsAuthenticated is false.");
        }

        if (options.ExemptMethods is null)
        {
            failures.Add("LoginOptions.ExemptMethods must not be null; use an empty set to exempt nothing.");
        }

        try
        {
            UserLoaderRegistry.Resolve(options.UserType);
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckView(List<string> failures, string option, string? view)
    {
        if (view is null)
        {
            return;
        }

        var isPath = view.StartsWith('/') && !view.StartsWith("//", StringComparison.Ordinal);
        var isAbsolute = Uri.TryCreate(view, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        if (!isPath && !isAbsolute)
        {
            failures.Add($"LoginOptions.{option} is \"{view}\"; write a path that starts with '/' (e.g. \"/login\"), an absolute http(s) URL, or null to answer 401.");
        }
    }
}
