using System.Buffers.Text;

namespace Login.Sessions;

/// <summary>
/// A login family's id in its two spellings: 16 bytes in cookies and in this instance's memory (a <see cref="Guid"/>,
/// no string per request), and the 22-character base64url text the stores and <see cref="LoginSession.Id"/> use.
/// </summary>
internal static class FamilyIds
{
    public static Guid New()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes);
    }

    public static string ToText(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary><c>false</c> for text that is no family id of Login's (another store's ids, a typo in an admin tool).</summary>
    public static bool TryParse(string? text, out Guid id)
    {
        id = default;
        Span<byte> bytes = stackalloc byte[16];
        if (text is not { Length: 22 } || !Base64Url.IsValid(text) || Base64Url.DecodeFromChars(text, bytes) != 16)
        {
            return false;
        }

        id = new Guid(bytes);
        return true;
    }
}
