using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Sessions;

/// <summary>
/// Turns a <see cref="LoginSession"/> into a cookie value and back. The payload is small and binary
/// (version, flags, issue time, session id, user id) and DataProtection encrypts and authenticates it,
/// so a changed, truncated or foreign cookie simply fails to read.
/// </summary>
internal sealed class SessionCookieFormat(IDataProtectionProvider provider)
{
    private const byte Version = 1;
    private const byte FreshFlag = 1;
    private const int HeaderLength = 1 + 1 + 8 + 16;

    // Browsers cap a cookie near 4 KB; anything longer was not written by us.
    internal const int MaxCookieLength = 4096;

    private readonly IDataProtector _protector = provider.CreateProtector("Login.SessionCookie.v1");

    public string Protect(LoginSession session)
    {
        var idLength = Encoding.UTF8.GetByteCount(session.UserId);
        var payload = new byte[HeaderLength + idLength];
        payload[0] = Version;
        payload[1] = session.Fresh ? FreshFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(2), session.IssuedAt.ToUnixTimeSeconds());
        session.SessionId.TryWriteBytes(payload.AsSpan(10));
        Encoding.UTF8.GetBytes(session.UserId, payload.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(_protector.Protect(payload));
    }

    public bool TryUnprotect(string? cookie, out LoginSession session)
    {
        session = default;
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxCookieLength)
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
            return false; // tampered, truncated, or protected with a key we no longer have
        }
        catch (FormatException)
        {
            return false; // not base64url at all
        }

        if (payload.Length <= HeaderLength || payload[0] != Version)
        {
            return false;
        }

        string userId;
        try
        {
            userId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload, HeaderLength, payload.Length - HeaderLength);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(2)));
        session = new LoginSession(userId, new Guid(payload.AsSpan(10, 16)), issuedAt, (payload[1] & FreshFlag) != 0);
        return true;
    }
}
