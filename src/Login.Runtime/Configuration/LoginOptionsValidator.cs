using Login.CompilerServices;
using Login.Urls;
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
        foreach (var (type, view) in options.LoginViews)
        {
            CheckView(failures, $"LoginViewFor<{type.Name}>", view);
        }

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

        if (options.SessionCacheSize < 0)
        {
            failures.Add($"LoginOptions.SessionCacheSize must be 0 (off) or more, not {options.SessionCacheSize}; the default is 10,000.");
        }

        if (options.RememberTokenReuseGrace < TimeSpan.Zero || options.RememberTokenReuseGrace > TimeSpan.FromSeconds(10))
        {
            failures.Add($"LoginOptions.RememberTokenReuseGrace must be between 0 and 10 seconds, not {options.RememberTokenReuseGrace}; the default is 5 seconds.");
        }

        if (options.MaxLoginsPerUser is < 1)
        {
            failures.Add($"LoginOptions.MaxLoginsPerUser must be at least 1, or null for no limit, not {options.MaxLoginsPerUser}; the default is 100.");
        }

        if (options.ConnectionRevalidationInterval is { } revalidation && revalidation <= TimeSpan.Zero)
        {
            failures.Add($"LoginOptions.ConnectionRevalidationInterval must be more than 0, or null to turn the check off, not {revalidation}; the default is 1 second.");
        }

        if (options.ApplicationName is { } application && string.IsNullOrWhiteSpace(application))
        {
            failures.Add("LoginOptions.ApplicationName must not be empty or blank; leave it null for DataProtection's application name.");
        }

        if (options.MaxEndedLoginsInMemory < 1000)
        {
            failures.Add($"LoginOptions.MaxEndedLoginsInMemory must be at least 1,000, not {options.MaxEndedLoginsInMemory}; the default is 1,000,000.");
        }

        if (options.SessionStoreMaxStaleness <= TimeSpan.Zero || options.SessionStoreMaxStaleness > TimeSpan.FromSeconds(60))
        {
            failures.Add($"LoginOptions.SessionStoreMaxStaleness must be more than 0 and at most 60 seconds, not {options.SessionStoreMaxStaleness}; the default is 30 seconds.");
        }

        if (options.IdleTimeout is { } idle && idle <= TimeSpan.Zero)
        {
            failures.Add($"LoginOptions.IdleTimeout must be positive, not {idle}; use null to turn it off.");
        }

        if (!Enum.IsDefined(options.SessionProtection))
        {
            failures.Add($"LoginOptions.SessionProtection must be None, Basic or Strong, not {options.SessionProtection}.");
        }

        if (options.Events is null)
        {
            failures.Add("LoginOptions.Events must not be null.");
        }

        // A Location header carries ASCII only (Kestrel answers 500 otherwise): an international host goes in punycode.
        if (options.ForceHostForRedirects is { } host
            && (host.Length == 0 || host.IndexOfAny(['/', '\\', '?', '#', '@', ' ']) >= 0 || host.AsSpan().ContainsAnyExceptInRange('!', '~')))
        {
            failures.Add($"LoginOptions.ForceHostForRedirects is \"{host}\"; write a host name with an optional port, in ASCII (punycode for an international name), such as \"app.example.com\".");
        }

        if (options.SessionCookie is null || string.IsNullOrWhiteSpace(options.SessionCookie.Name))
        {
            failures.Add("LoginOptions.SessionCookie.Name must be set; the default is \"__Host-Login.Session\" (\".Login.Session\" in Development).");
        }

        if (options.RememberCookie is null || string.IsNullOrWhiteSpace(options.RememberCookie.Name))
        {
            failures.Add("LoginOptions.RememberCookie.Name must be set; the default is \"__Host-remember_token\" (\"remember_token\" in Development).");
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
            LoginUserTypes.Build(options);
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckView(List<string> failures, string option, string? view)
    {
        // Whether an endpoint name names an endpoint is checked once the endpoints exist (LoginStartupCheck).
        if (view is not null && !LoginView.TryParse(view, out _, out var problem))
        {
            failures.Add(LoginView.Describe($"LoginOptions.{option}", view, problem));
        }
    }
}
