using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Login.Sessions;

/// <summary>
/// Turns a <see cref="SessionState"/> into a cookie value and back. The payload is small and binary and
/// DataProtection encrypts and authenticates it, so a changed, truncated or foreign cookie simply fails to read.
/// </summary>
internal sealed class SessionCookieFormat(IDataProtectionProvider provider)
{
    private const byte Version = 2;

    // Browsers cap a cookie near 4 KB; anything longer was not written by us.
    internal const int MaxCookieLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly IDataProtector _protector = provider.CreateProtector("Login.SessionCookie.v2");

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
    }

    public string Protect(SessionState session)
    {
        using var buffer = new MemoryStream(64);
        using (var writer = new BinaryWriter(buffer, StrictUtf8, leaveOpen: true))
        {
            var parts = (session.Fresh ? Parts.Fresh : 0) | (session.Remember ? Parts.Remember : 0)
                | (session.UserId is not null ? Parts.User : 0) | (session.Identifier is not null ? Parts.Identifier : 0)
                | (session.Next is not null ? Parts.Next : 0) | (session.Flashes.Count > 0 ? Parts.Flashes : 0)
                | (session.Stamp is not null ? Parts.Stamp : 0);
            writer.Write(Version);
            writer.Write((byte)parts);
            writer.Write(session.IssuedAt.ToUnixTimeSeconds());
            writer.Write(session.SessionId.ToByteArray());
            writer.Write((uint)Math.Clamp((session.LastSeen - session.IssuedAt).TotalSeconds, 0, uint.MaxValue));
            if (session.Identifier is { } identifier)
            {
                writer.Write(identifier, 0, 16);
            }

            if (session.Stamp is { } stamp)
            {
                writer.Write(stamp, 0, SessionStamps.Length);
            }

            if (session.UserId is { } userId)
            {
                writer.Write(userId);
            }

            if (session.Next is { } next)
            {
                writer.Write(next);
            }

            if (session.Flashes.Count > 0)
            {
                writer.Write7BitEncodedInt(session.Flashes.Count);
                foreach (var flash in session.Flashes)
                {
                    writer.Write(flash.Category);
                    writer.Write(flash.Message);
                }
            }
        }

        return Base64Url.EncodeToString(_protector.Protect(buffer.ToArray()));
    }

    public SessionState? Unprotect(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxCookieLength)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(Base64Url.DecodeFromChars(cookie));
            using var reader = new BinaryReader(new MemoryStream(payload), StrictUtf8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var parts = (Parts)reader.ReadByte();
            var session = new SessionState
            {
                IssuedAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()),
                SessionId = new Guid(reader.ReadBytes(16)),
                Fresh = parts.HasFlag(Parts.Fresh),
                Remember = parts.HasFlag(Parts.Remember),
            };
            session.LastSeen = session.IssuedAt.AddSeconds(reader.ReadUInt32());
            if (parts.HasFlag(Parts.Identifier))
            {
                session.Identifier = reader.ReadBytes(16);
                if (session.Identifier.Length != 16)
                {
                    return null;
                }
            }

            if (parts.HasFlag(Parts.Stamp))
            {
                session.Stamp = reader.ReadBytes(SessionStamps.Length);
                if (session.Stamp.Length != SessionStamps.Length)
                {
                    return null;
                }
            }

            session.UserId = parts.HasFlag(Parts.User) ? reader.ReadString() : null;
            session.Next = parts.HasFlag(Parts.Next) ? reader.ReadString() : null;
            if (parts.HasFlag(Parts.Flashes))
            {
                var count = reader.Read7BitEncodedInt();
                for (var i = 0; i < count; i++)
                {
                    session.Flashes.Add(new FlashMessage(reader.ReadString(), reader.ReadString()));
                }
            }

            return reader.BaseStream.Position == payload.Length ? session : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or EndOfStreamException or DecoderFallbackException or ArgumentException)
        {
            return null; // tampered, truncated, not ours, or protected with a key we no longer have
        }
    }
}
