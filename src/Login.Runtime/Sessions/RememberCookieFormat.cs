using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Sessions;

/// <summary>
/// The remember-me cookie's value: the user id and the moment it stops being valid, encrypted and authenticated
/// with DataProtection under its own purpose (a session cookie cannot be replayed as a remember cookie, nor the
/// reverse). The expiry is inside the payload, so an old cookie replayed after its Expires fails.
/// </summary>
internal sealed class RememberCookieFormat(IDataProtectionProvider provider)
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 8;

    private readonly IDataProtector _protector = provider.CreateProtector("Login.RememberCookie.v1");

    public string Protect(string userId, DateTimeOffset expiresAt)
    {
        var payload = new byte[HeaderLength + Encoding.UTF8.GetByteCount(userId)];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), expiresAt.ToUnixTimeSeconds());
        Encoding.UTF8.GetBytes(userId, payload.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(_protector.Protect(payload));
    }

    public bool TryUnprotect(string? cookie, DateTimeOffset now, out string userId)
    {
        userId = "";
        if (string.IsNullOrEmpty(cookie) || cookie.Length > SessionCookieFormat.MaxCookieLength)
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(Base64Url.DecodeFromChars(cookie));
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }

        if (payload.Length <= HeaderLength || payload[0] != Version)
        {
            return false;
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(1)) <= now.ToUnixTimeSeconds())
        {
            return false;
        }

        try
        {
            userId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload, HeaderLength, payload.Length - HeaderLength);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return true;
    }
}
