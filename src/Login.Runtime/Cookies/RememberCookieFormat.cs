using Login.CompilerServices;
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
/// Layout (version 4): version, expiry (int64 Unix seconds), family id (16), token id (16), lifetime (int64 seconds),
/// stamp flag and stamp hash, the user type's key (one byte of length, 1 to <see cref="LoginUserAttribute.MaxKeyLength"/>,
/// then UTF-8), then the user id in UTF-8. Version 3, written before Login kept user types, is version 4 without the
/// key: it is still read, as a login of <see cref="LoginUserTypes.Legacy"/>.
/// </remarks>
/// <param name="provider">The app's DataProtection.</param>
/// <param name="userTypes">
/// The app's user types, to recognize a cookie's key. Without them (a test reading a cookie's content) every token reads
/// with no <see cref="RememberToken.UserType"/>.
/// </param>
internal sealed class RememberCookieFormat(IDataProtectionProvider provider, Func<LoginUserTypes>? userTypes = null)
{
    private const byte Version = 4;
    private const byte KeylessVersion = 3;
    private const int HeaderLength = 1 + 8 + 16 + 16 + 8 + 1 + SessionStamps.Length;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly IDataProtector _protector = provider.CreateProtector("Login.RememberCookie.v3");

    /// <exception cref="InvalidOperationException">The token has no <see cref="RememberToken.UserType"/>: every login records one.</exception>
    public string Protect(RememberToken token)
    {
        var key = token.UserType?.KeyUtf8
            ?? throw new InvalidOperationException("A remember cookie must record its login's user type.");
        var payload = new byte[HeaderLength + 1 + key.Length + Encoding.UTF8.GetByteCount(token.UserId)];
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

        payload[HeaderLength] = (byte)key.Length;
        key.CopyTo(payload.AsSpan(HeaderLength + 1));
        Encoding.UTF8.GetBytes(token.UserId, payload.AsSpan(HeaderLength + 1 + key.Length));
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

        if (payload.Length <= HeaderLength || payload[0] is not (Version or KeylessVersion))
        {
            return RememberCookieRefusal.Unreadable;
        }

        var userIdAt = HeaderLength;
        var key = ReadOnlySpan<byte>.Empty;
        if (payload[0] == Version)
        {
            var keyLength = payload[HeaderLength];
            userIdAt = HeaderLength + 1 + keyLength;
            if (keyLength is 0 or > LoginUserAttribute.MaxKeyLength || payload.Length <= userIdAt)
            {
                return RememberCookieRefusal.Unreadable;
            }

            key = payload.AsSpan(HeaderLength + 1, keyLength);
        }

        var expiresAt = BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(1));
        if (expiresAt <= now.ToUnixTimeSeconds())
        {
            refusedLogin = new Guid(payload.AsSpan(9, 16));
            return RememberCookieRefusal.Expired;
        }

        string userId;
        LoginUserType? userType;
        string? unknownUserType = null;
        try
        {
            userId = StrictUtf8.GetString(payload, userIdAt, payload.Length - userIdAt);
            var types = userTypes?.Invoke();
            if (payload[0] == KeylessVersion)
            {
                userType = types?.Legacy; // written before Login kept user types: the app's only type, if it has one
            }
            else
            {
                userType = types?.Find(key);
                unknownUserType = userType is null ? StrictUtf8.GetString(key) : null;
            }
        }
        catch (DecoderFallbackException)
        {
            return RememberCookieRefusal.Unreadable;
        }

        var lifetime = TimeSpan.FromSeconds(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(41)));
        var stamp = payload[49] == 1 ? payload.AsSpan(50, SessionStamps.Length).ToArray() : null;
        token = new RememberToken(userId, new Guid(payload.AsSpan(9, 16)), new Guid(payload.AsSpan(25, 16)),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), lifetime, stamp)
        {
            UserType = userType,
            UnknownUserType = unknownUserType,
        };
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
