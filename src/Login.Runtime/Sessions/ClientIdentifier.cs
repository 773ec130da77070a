using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Login.Sessions;

/// <summary>
/// Session protection's fingerprint of a client: the first <see cref="Length"/> bytes of SHA-512 over
/// "remote address|User-Agent". The address is the connection's (put ASP.NET Core's forwarded-headers middleware in
/// front behind a proxy); a raw X-Forwarded-For is never trusted (Flask-Login #700). It travels inside the encrypted
/// session cookie, so 8 bytes are plenty: nobody can see it, and nobody can search for a match offline.
/// </summary>
internal static class ClientIdentifier
{
    public const int Length = 8;

    // An address and a User-Agent of ordinary length hash from the stack; a huge User-Agent rents.
    private const int StackBufferLength = 512;

    /// <summary>Whether <paramref name="stored"/> is this request's client.</summary>
    public static bool Matches(ReadOnlySpan<byte> stored, HttpContext context)
    {
        Span<byte> current = stackalloc byte[Length];
        Compute(context, current);
        return CryptographicOperations.FixedTimeEquals(stored, current);
    }

    public static byte[] Of(HttpContext context)
    {
        var identifier = new byte[Length];
        Compute(context, identifier);
        return identifier;
    }

    /// <summary>The identifier of a client known by its address text, e.g. for a test client.</summary>
    public static byte[] Of(string? remoteAddress, string? userAgent)
    {
        var identifier = new byte[Length];
        Compute(remoteAddress, userAgent, identifier);
        return identifier;
    }

    private static void Compute(HttpContext context, Span<byte> destination)
    {
        // Formatting the address into a stack buffer instead of ToString(): this runs on every guarded request.
        Span<char> address = stackalloc char[64];
        var written = 0;
        if (context.Connection.RemoteIpAddress is { } ip && !ip.TryFormat(address, out written))
        {
            Compute(ip.ToString(), context.Request.Headers.UserAgent.ToString(), destination);
            return;
        }

        Compute(address[..written], context.Request.Headers.UserAgent.ToString(), destination);
    }

    private static void Compute(ReadOnlySpan<char> remoteAddress, ReadOnlySpan<char> userAgent, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetMaxByteCount(remoteAddress.Length + 1 + userAgent.Length);
        byte[]? rented = null;
        var buffer = length <= StackBufferLength ? stackalloc byte[StackBufferLength] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var used = Encoding.UTF8.GetBytes(remoteAddress, buffer);
            buffer[used++] = (byte)'|';
            used += Encoding.UTF8.GetBytes(userAgent, buffer[used..]);
            Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
            SHA512.HashData(buffer[..used], hash);
            hash[..Length].CopyTo(destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
