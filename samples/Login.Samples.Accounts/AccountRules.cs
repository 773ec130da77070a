using System.Net.Mail;

namespace Login.Samples.Accounts;

/// <summary>What the app accepts as an email address and a password, with the message a person sees when it does not.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 8;

    // PasswordHasher hashes any length, but a megabyte "password" is a denial of service, not a password.
    public const int MaxPasswordLength = 256;

    public const int MaxEmailLength = 254;

    /// <summary>The address as it will be stored (trimmed), or <c>null</c> with a message.</summary>
    public static string? CheckEmail(string? email, out string? problem)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "Enter your email address.";
            return null;
        }

        if (trimmed.Length > MaxEmailLength || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            problem = "Enter an email address like name@example.com.";
            return null;
        }

        problem = null;
        return trimmed;
    }

    /// <summary>Whether a new password is acceptable; <paramref name="problem"/> says why not.</summary>
    public static bool CheckNewPassword(string? password, out string? problem)
    {
        problem = password switch
        {
            null or "" => "Choose a password.",
            { Length: < MinPasswordLength } => $"Your password is too short: use at least {MinPasswordLength} characters.",
            { Length: > MaxPasswordLength } => $"Your password is too long: use at most {MaxPasswordLength} characters.",
            _ when string.IsNullOrWhiteSpace(password) => "Your password cannot be only spaces.",
            _ => null,
        };
        return problem is null;
    }
}
