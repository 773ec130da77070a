using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Login.Samples.Accounts;

/// <summary>
/// API keys: 32 random bytes behind a recognisable prefix. The database finds a key by its SHA-256 (an index lookup
/// that reveals nothing through timing) and keeps the key itself only encrypted, so the account page can show it.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "lwa_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
