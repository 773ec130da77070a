using Login.CompilerServices;
using Login.Sessions;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Cookies;

/// <summary>
/// Turns a <see cref="SessionState"/> into a cookie value and back. The payload is small and binary, encrypted and
/// authenticated with keys derived from DataProtection's key ring (or by DataProtection itself), so a changed,
/// truncated or foreign cookie simply fails to read.
/// </summary>
/// <remarks>
/// <para>
/// Layout (version 3): version, parts, issued-at (uint32 Unix seconds), session id (16), seconds from issue to last
/// seen (uint32), then as the parts say: client identifier (8), stamp hash (8), user type key, user id, next, flashes;
/// strings are 7-bit-length-prefixed UTF-8. Every logged-in session records its user type's key
/// (<see cref="LoginUserAttribute.Key"/>); a logged-in cookie without one was written before Login kept user types and
/// belongs to <see cref="LoginUserTypes.Legacy"/>.
/// </para>
/// <para>
/// Size: the plaintext is 34 bytes plus the key and the user id, each with a one-byte length. Sealed with the cookie's
/// own keys (<see cref="SessionCookieKeys"/>, what Login writes) it gains 65 bytes and pads to 16: with the key
/// <c>TestUser</c> an id of up to 3 characters makes the value 151 characters, any other <c>int</c> 172, a session stamp
/// included (tests/Login.Tests/SessionCookieKeysTests). In DataProtection's form (written when no keys can be derived)
/// it gains 84: 176 characters for an id of up to 3 characters with the key <c>Customer</c>, 198 for 4 to 19, and each
/// further 16 bytes of key and id add 22 (tests/Login.Tests/SessionCookieFormatTests).
/// </para>
/// </remarks>
/// <param name="provider">The app's DataProtection.</param>
/// <param name="userTypes">
/// The app's user types, to recognize a cookie's key; asked for only when a cookie is decrypted. Without them (a test
/// reading a cookie's content) every logged-in session reads with <see cref="SessionState.HasUnknownUserType"/>.
/// </param>
/// <param name="keys">
/// The cookie's own keys, derived from DataProtection's key ring (<see cref="SessionCookieKeys"/>): cookies are sealed with
/// them when they can be had, and with DataProtection otherwise. Either form is read.
/// </param>
internal sealed class SessionCookieFormat(IDataProtectionProvider provider, Func<LoginUserTypes>? userTypes = null, Func<IDataProtector, SessionCookieKeys>? keys = null)
{
    /// <summary>The purpose the payload is protected under, with DataProtection or with keys derived for it.</summary>
    internal const string Purpose = "Login.SessionCookie.v3";

    private const byte Version = 3;
    private const int FixedLength = 1 + 1 + 4 + 16 + 4;

    // Browsers cap a cookie near 4 KB; anything longer was not written by us.
    internal const int MaxCookieLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);
    private SessionCookieKeys? _keys;

    // One set of keys per format (one key ring read), whichever request asks first.
    private SessionCookieKeys? Keys =>
        keys is null ? null : Volatile.Read(ref _keys) ?? Interlocked.CompareExchange(ref _keys, keys(_protector), null) ?? _keys;

    [Flags]
    private enum Parts : byte
    {
        Fresh = 1,
        Remember = 2,
        User = 4,
        Identifier = 8,
        Next = 16,
        Flashes = 32,
        Stamp = 64,
        UserType = 128,
    }

    public string Protect(SessionState session)
    {
        var flashes = session.HasFlashes ? session.Flashes! : null;
        var parts = (session.Fresh ? Parts.Fresh : 0) | (session.Remember ? Parts.Remember : 0)
            | (session.UserId is not null ? Parts.User : 0) | (session.Identifier is not null ? Parts.Identifier : 0)
            | (session.Next is not null ? Parts.Next : 0) | (flashes is not null ? Parts.Flashes : 0)
            | (session.Stamp is not null ? Parts.Stamp : 0) | (session.UserId is not null && session.UserType is not null ? Parts.UserType : 0);
        var key = (parts & Parts.UserType) != 0 ? session.UserType!.KeyUtf8 : null;

        var length = FixedLength + (session.Identifier is not null ? ClientIdentifier.Length : 0)
            + (session.Stamp is not null ? SessionStamps.Length : 0) + SizeOf(key) + SizeOf(session.UserId) + SizeOf(session.Next);
        if (flashes is not null)
        {
            length += SizeOf(flashes.Count);
            foreach (var flash in flashes)
            {
                length += SizeOf(flash.Category) + SizeOf(flash.Message);
            }
        }

        var payload = new byte[length];
        var writer = new Writer(payload);
        writer.Byte(Version);
        writer.Byte((byte)parts);
        writer.UInt32(Seconds(session.IssuedAt.ToUnixTimeSeconds()));
        writer.Guid(session.SessionId);
        writer.UInt32(Seconds((long)(session.LastSeen - session.IssuedAt).TotalSeconds));
        writer.Bytes(session.Identifier, ClientIdentifier.Length);
        writer.Bytes(session.Stamp, SessionStamps.Length);
        writer.Prefixed(key);
        writer.String(session.UserId);
        writer.String(session.Next);
        if (flashes is not null)
        {
            writer.Count(flashes.Count);
            foreach (var flash in flashes)
            {
                writer.String(flash.Category);
                writer.String(flash.Message);
            }
        }

        return Base64Url.EncodeToString(Keys?.Seal(payload) ?? _protector.Protect(payload));
    }

    /// <summary>Reads the cookie's keys from DataProtection's key ring now rather than on the first cookie.</summary>
    public void ReadKeys() => Keys?.Read();

    /// <summary>The session in <paramref name="cookie"/>, or <c>null</c> when it is not a session cookie of ours.</summary>
    public SessionState? Unprotect(string? cookie) => Unprotect(cookie.AsSpan());

    /// <summary>
    /// The session in <paramref name="cookie"/> (a value found in the raw header: read without making it a string), or
    /// <c>null</c> when it is not a session cookie of ours.
    /// </summary>
    public SessionState? Unprotect(ReadOnlySpan<char> cookie)
    {
        if (cookie.IsEmpty || cookie.Length > MaxCookieLength)
        {
            return null;
        }

        try
        {
            // Sealed with the cookie's own keys (the first byte says so; DataProtection's begin with 0x09): checked and
            // decrypted on the stack, no DataProtection.
            if (Keys is { } own)
            {
                var length = Base64Url.GetMaxDecodedLength(cookie.Length);
                Span<byte> buffer = length <= 1024 ? stackalloc byte[1024] : new byte[length];
                var envelope = buffer[..Base64Url.DecodeFromChars(cookie, buffer)];
                if (envelope.Length > 0 && envelope[0] == SessionCookieKeys.Tag)
                {
                    Span<byte> plaintext = envelope.Length <= 512 ? stackalloc byte[512] : new byte[envelope.Length];
                    var written = own.Open(envelope, plaintext);
                    return written < 0 ? null : Read(plaintext[..written], userTypes?.Invoke());
                }

                return Read(_protector.Unprotect(envelope.ToArray()), userTypes?.Invoke());
            }

            return Read(_protector.Unprotect(Base64Url.DecodeFromChars(cookie)), userTypes?.Invoke());
        }
        catch (Exception e) when (e is CryptographicException or FormatException or DecoderFallbackException or ArgumentException)
        {
            return null; // tampered, truncated, not ours, or protected with a key we no longer have or have revoked
        }
    }

    private static SessionState? Read(ReadOnlySpan<byte> payload, LoginUserTypes? types)
    {
        var reader = new Reader(payload);
        if (payload.Length < FixedLength || reader.Byte() != Version)
        {
            return null;
        }

        var parts = (Parts)reader.Byte();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(reader.UInt32());
        var session = new SessionState
        {
            IssuedAt = issuedAt,
            SessionId = reader.Guid(),
            LastSeen = issuedAt.AddSeconds(reader.UInt32()),
            Fresh = (parts & Parts.Fresh) != 0,
            Remember = (parts & Parts.Remember) != 0,
        };
        session.Identifier = (parts & Parts.Identifier) != 0 ? reader.Bytes(ClientIdentifier.Length) : null;
        session.Stamp = (parts & Parts.Stamp) != 0 ? reader.Bytes(SessionStamps.Length) : null;
        if ((parts & Parts.UserType) != 0)
        {
            if ((parts & Parts.User) == 0)
            {
                return null; // a user type with no user: not a cookie we write
            }

            // Matched as bytes: the key of a known type costs no string.
            var key = reader.Prefixed(LoginUserAttribute.MaxKeyLength);
            session.UserType = types?.Find(key);
            session.UnknownUserType = session.UserType is null ? StrictUtf8.GetString(key) : null;
        }
        else if ((parts & Parts.User) != 0)
        {
            // Written before Login kept user types: the app's only type, if it has one.
            session.UserType = types?.Legacy;
        }

        session.UserId = (parts & Parts.User) != 0 ? reader.String() : null;
        session.Next = (parts & Parts.Next) != 0 ? reader.String() : null;
        if ((parts & Parts.Flashes) != 0)
        {
            var count = reader.Count();
            for (var i = 0; i < count; i++)
            {
                session.AddFlash(new FlashMessage(reader.String(), reader.String()));
            }
        }

        return reader.AtEnd ? session : null;
    }

    private static uint Seconds(long seconds) => (uint)Math.Clamp(seconds, 0, uint.MaxValue);

    private static int SizeOf(int count) => count < 0x80 ? 1 : count < 0x4000 ? 2 : count < 0x200000 ? 3 : 4;

    private static int SizeOf(byte[]? bytes) => bytes is null ? 0 : SizeOf(bytes.Length) + bytes.Length;

    private static int SizeOf(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        var bytes = StrictUtf8.GetByteCount(text);
        return SizeOf(bytes) + bytes;
    }

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _position;

        public void Byte(byte value) => _buffer[_position++] = value;

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
            _position += 4;
        }

        public void Guid(Guid value)
        {
            value.TryWriteBytes(_buffer[_position..]);
            _position += 16;
        }

        public void Bytes(byte[]? value, int length)
        {
            if (value is not null)
            {
                value.AsSpan(0, length).CopyTo(_buffer[_position..]);
                _position += length;
            }
        }

        public void Count(int value)
        {
            var remaining = (uint)value;
            while (remaining >= 0x80)
            {
                Byte((byte)(remaining | 0x80));
                remaining >>= 7;
            }

            Byte((byte)remaining);
        }

        public void Prefixed(byte[]? value)
        {
            if (value is not null)
            {
                Count(value.Length);
                value.CopyTo(_buffer[_position..]);
                _position += value.Length;
            }
        }

        public void String(string? value)
        {
            if (value is not null)
            {
                Count(StrictUtf8.GetByteCount(value));
                _position += StrictUtf8.GetBytes(value, _buffer[_position..]);
            }
        }
    }

    /// <summary>Reads the payload; any read past the end throws <see cref="FormatException"/>, so a short payload is rejected.</summary>
    private ref struct Reader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _position;

        public readonly bool AtEnd => _position == _buffer.Length;

        public byte Byte() => Take(1)[0];

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public Guid Guid() => new(Take(16));

        public byte[] Bytes(int length) => Take(length).ToArray();

        public int Count()
        {
            var value = 0;
            for (var shift = 0; shift < 28; shift += 7)
            {
                var b = Byte();
                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("A length in the session cookie is too long.");
        }

        public string String() => StrictUtf8.GetString(Take(Count()));

        /// <summary>Length-prefixed bytes of 1 to <paramref name="maxLength"/>.</summary>
        public ReadOnlySpan<byte> Prefixed(int maxLength)
        {
            var length = Count();
            if (length < 1 || length > maxLength)
            {
                throw new FormatException("A user type key in the session cookie has an impossible length.");
            }

            return Take(length);
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > _buffer.Length - _position)
            {
                throw new FormatException("The session cookie ends early.");
            }

            var taken = _buffer.Slice(_position, length);
            _position += length;
            return taken;
        }
    }
}
