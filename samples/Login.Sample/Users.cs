using System.Security.Cryptography;
using System.Text;
using Login;

namespace Login.Sample;

/// <summary>The sample's user: identified by email, as in Flask-Login's README.</summary>
[LoginUser]
public partial class User
{
    public required string Id { get; init; }
}

/// <summary>The sample's user store: one demo user, leafstorm / secret.</summary>
public static class Users
{
    private static readonly Dictionary<string, string> Passwords = new(StringComparer.Ordinal)
    {
        ["leafstorm"] = "secret",
    };

    [UserLoader]
    public static User? Load(string email) =>
        Passwords.ContainsKey(email) ? new User { Id = email } : null;

    public static User? CheckPassword(string? email, string? password)
    {
        if (email is null || password is null || !Passwords.TryGetValue(email, out var expected))
        {
            return null;
        }

        // Constant time, so response timing does not reveal how much of the password matched.
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(expected));
        return matches ? new User { Id = email } : null;
    }
}
