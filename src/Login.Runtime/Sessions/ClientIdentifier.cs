using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

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

    // The last client found to match each of a few thousand identifiers (by the identifier's low bits): SHA-512 through
    // OpenSSL was about a tenth of a guarded request's time, and the same browser sends the same address and User-Agent
    // request after request. An entry only ever says "these inputs hash to this identifier", written after a real hash
    // matched, so reading one that is stale, replaced or raced can only cost a hash, never match other inputs.
    private static readonly KnownClient?[] Known = new KnownClient?[4096];

    /// <summary>Whether <paramref name="stored"/> is this request's client.</summary>
    public static bool Matches(ReadOnlySpan<byte> stored, HttpContext context)
    {
        if (stored.Length != Length)
        {
            return false;
        }

        Span<char> addressBuffer = stackalloc char[64];
        var address = Format(context, addressBuffer);
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var identifier = BinaryPrimitives.ReadUInt64LittleEndian(stored);
        ref var known = ref Known[(int)(identifier & (ulong)(Known.Length - 1))];
        if (Volatile.Read(ref known) is { } client && client.Identifier == identifier
            && address.SequenceEqual(client.Address) && string.Equals(userAgent, client.UserAgent, StringComparison.Ordinal))
        {
            return true;
        }

        Span<byte> current = stackalloc byte[Length];
        Compute(address, userAgent, current);
        if (!CryptographicOperations.FixedTimeEquals(stored, current))
        {
            return false;
        }

        Volatile.Write(ref known, new KnownClient(identifier, address.ToString(), userAgent));
        return true;
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
        Span<char> address = stackalloc char[64];
        Compute(Format(context, address), context.Request.Headers.UserAgent.ToString(), destination);
    }

    /// <summary>
    /// The connection's remote address as text, formatted into <paramref name="buffer"/> rather than by ToString() (this
    /// runs on every guarded request); empty without one. Read from the connection feature, which is what
    /// <c>HttpContext.Connection</c> (and the forwarded-headers middleware) reads and writes, without making that object.
    /// </summary>
    private static ReadOnlySpan<char> Format(HttpContext context, Span<char> buffer)
    {
        if (context.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress is not { } ip)
        {
            return [];
        }

        return ip.TryFormat(buffer, out var written) ? buffer[..written] : ip.ToString();
    }

    private sealed record KnownClient(ulong Identifier, string Address, string UserAgent);

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
