using System.Buffers;
using System.Text;

namespace Login.Urls;

/// <summary>
/// Percent-encoding and decoding for URLs, walking strings by <see cref="Rune"/> so that no input, however malformed,
/// throws. A lone surrogate (invalid UTF-16) is encoded as U+FFFD where something must be written, and makes a strict
/// decode fail where a verdict is asked for.
/// </summary>
internal static class PercentEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    // Up to this many bytes are decoded on the stack; longer values rent from the shared pool.
    private const int StackBytes = 512;

    /// <summary>
    /// <paramref name="value"/> with every character outside printable ASCII (controls, DEL and all non-ASCII) written as
    /// %XX of its UTF-8 bytes, so the result can go into a header such as <c>Location</c> (Kestrel refuses anything
    /// else). The same instance when there is nothing to encode.
    /// </summary>
    public static string ToAscii(string value)
    {
        var first = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        return first < 0 ? value : Encode(value, first, form: false);
    }

    /// <summary>
    /// As Python's <c>quote_plus</c>, which Flask-Login's <c>login_url</c> uses through <c>urlencode</c>: ASCII letters,
    /// digits and <c>_.-~</c> stay, a space becomes '+', everything else is %XX of its UTF-8 bytes. The same instance
    /// when there is nothing to encode.
    /// </summary>
    public static string FormEncode(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsFormUnreserved(value[i]))
            {
                return Encode(value, i, form: true);
            }
        }

        return value;
    }

    /// <summary>
    /// <paramref name="value"/> with its %XX escapes decoded as UTF-8; <c>null</c> when an escape is malformed, the
    /// bytes are not UTF-8, or the value itself is not valid UTF-16. For verdicts (is this redirect safe?).
    /// </summary>
    public static string? DecodeStrict(string value) => Decode(value, strict: true);

    /// <summary>
    /// As Python's <c>unquote</c> (errors="replace"): a malformed escape stays as written, bytes that are not UTF-8 and
    /// lone surrogates become U+FFFD. For reading a query that is only passed on.
    /// </summary>
    public static string DecodeLenient(string value) => Decode(value, strict: false)!;

    private static string? Decode(string value, bool strict)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        // Each char is at most 3 UTF-8 bytes (a surrogate pair is 2 chars for 4 bytes, an escape 3 chars for 1 byte).
        var maxBytes = value.Length * 3;
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = 0;
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                if (rest[0] == '%' && rest.Length > 2 && char.IsAsciiHexDigit(rest[1]) && char.IsAsciiHexDigit(rest[2]))
                {
                    bytes[length++] = (byte)((HexValue(rest[1]) << 4) | HexValue(rest[2]));
                    rest = rest[3..];
                    continue;
                }

                if (rest[0] == '%' && strict)
                {
                    return null;
                }

                if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done && strict)
                {
                    return null;
                }

                length += rune.EncodeToUtf8(bytes[length..]);
                rest = rest[consumed..];
            }

            var decoded = bytes[..length];
            if (strict && !System.Text.Unicode.Utf8.IsValid(decoded))
            {
                return null;
            }

            // Encoding.UTF8 replaces invalid bytes with U+FFFD; it never throws.
            return Encoding.UTF8.GetString(decoded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Encodes <paramref name="value"/> from <paramref name="first"/> on (what precedes it is kept as it is) into one
    /// string, measured first so that a challenge pays for the result only.
    /// </summary>
    private static string Encode(string value, int first, bool form)
    {
        var length = first;
        var rest = value.AsSpan(first);
        while (!rest.IsEmpty)
        {
            // An ill-formed surrogate decodes as U+FFFD and consumes one char, so the walk always moves on.
            Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            length += IsKept(rune, form) ? 1 : 3 * rune.Utf8SequenceLength;
            rest = rest[consumed..];
        }

        return string.Create(length, (value, first, form), static (output, state) =>
        {
            state.value.AsSpan(0, state.first).CopyTo(output);
            var written = state.first;
            var rest = state.value.AsSpan(state.first);
            Span<byte> utf8 = stackalloc byte[4];
            while (!rest.IsEmpty)
            {
                Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
                if (IsKept(rune, state.form))
                {
                    output[written++] = state.form && rune.Value == ' ' ? '+' : (char)rune.Value;
                }
                else
                {
                    var count = rune.EncodeToUtf8(utf8);
                    for (var i = 0; i < count; i++)
                    {
                        output[written++] = '%';
                        output[written++] = HexDigits[utf8[i] >> 4];
                        output[written++] = HexDigits[utf8[i] & 0xF];
                    }
                }

                rest = rest[consumed..];
            }
        });
    }

    /// <summary>Whether a character is written as one character (a space in a form as '+'), not as %XX.</summary>
    private static bool IsKept(Rune rune, bool form) =>
        form ? rune.IsAscii && (IsFormUnreserved((char)rune.Value) || rune.Value == ' ') : rune.Value is >= ' ' and <= '~';

    private static bool IsFormUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
