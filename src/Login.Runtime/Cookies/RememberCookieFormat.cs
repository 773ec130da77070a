using Login.Sessions;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Cookies;

/// <summary>
/// The remember-me cookie's value: the user id and the moment it stops being valid, encrypted and authenticated
/// with DataProtection under its own purpose (a session cookie cannot be replayed as a remember cookie, nor the
/// reverse). The expiry is inside the payload, so an old cookie replayed after its Expires fails; the family id ties it
/// to its login's server-side record, and the token id to its place in that login's rotations.
/// </summary>
/// <remarks>
/// Layout (version 3): version, expiry (int64 Unix seconds), family id (16), token id (16), lifetime (int64 seconds),
/// stamp flag and stamp hash, then the user id in UTF-8.
/// </remarks>
internal sealed class RememberCookieFormat(IDataProtectionProvider provider)
{
    private const byte Version = 3;
    private const int HeaderLength = 1 + 8 + 16 + 16 + 8 + 1 + SessionStamps.Length;

    private readonly IDataProtector _protector = provider.CreateProtector("Login.RememberCookie.v3");

    public string Protect(RememberToken token)
    {
        var payload = new byte[HeaderLength + Encoding.UTF8.GetByteCount(token.UserId)];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), token.ExpiresAt.ToUnixTimeSeconds());
        token.FamilyId.TryWriteBytes(payload.AsSpan(9));
        token.TokenId.TryWriteBytes(payload.AsSpan(25));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(41), (long)token.Lifetime.TotalSeconds);
        if (token.Stamp is { } stamp)
        {
            payload[49] = 1;
            stamp.CopyTo(payload.AsSpan(50));
        }

        var userId = token.UserId;
        Encoding.UTF8.GetBytes(userId, payload.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(_protector.Protect(payload));
    }

    public bool TryUnprotect(string? cookie, DateTimeOffset now, out RememberToken token) =>
        Read(cookie, now, out token, out _) == RememberCookieRefusal.None;

    /// <summary>
    /// Reads a remember cookie: <see cref="RememberCookieRefusal.None"/> and its token, or why not. An expired cookie
    /// still names its login in <paramref name="refusedLogin"/> (it decrypted), for the log; a tampered one names none.
    /// </summary>
    public RememberCookieRefusal Read(string? cookie, DateTimeOffset now, out RememberToken token, out Guid refusedLogin)
    {
        token = default;
        refusedLogin = Guid.Empty;
        if (string.IsNullOrEmpty(cookie) || cookie.Length > SessionCookieFormat.MaxCookieLength)
        {
            return RememberCookieRefusal.Unreadable;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(Base64Url.DecodeFromChars(cookie));
        }
        catch (CryptographicException)
        {
            return RememberCookieRefusal.Unreadable;
        }
        catch (FormatException)
        {
            return RememberCookieRefusal.Unreadable;
        }

        if (payload.Length <= HeaderLength || payload[0] != Version)
        {
            return RememberCookieRefusal.Unreadable;
        }

        var expiresAt = BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(1));
        if (expiresAt <= now.ToUnixTimeSeconds())
        {
            refusedLogin = new Guid(payload.AsSpan(9, 16));
            return RememberCookieRefusal.Expired;
        }

        string userId;
        try
        {
            userId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload, HeaderLength, payload.Length - HeaderLength);
        }
        catch (DecoderFallbackException)
        {
            return RememberCookieRefusal.Unreadable;
        }

        var lifetime = TimeSpan.FromSeconds(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(41)));
        var stamp = payload[49] == 1 ? payload.AsSpan(50, SessionStamps.Length).ToArray() : null;
        token = new RememberToken(userId, new Guid(payload.AsSpan(9, 16)), new Guid(payload.AsSpan(25, 16)),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), lifetime, stamp);
        return RememberCookieRefusal.None;
    }
}

/// <summary>Why a remember cookie could not be read.</summary>
internal enum RememberCookieRefusal
{
    /// <summary>It was read.</summary>
    None,

    /// <summary>Not Login's, tampered with, from another key ring or another version: nothing in it can be trusted.</summary>
    Unreadable,

    /// <summary>Genuine, but past the expiry it carries.</summary>
    Expired,
}
