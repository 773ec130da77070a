using System.ComponentModel;
using System.Globalization;

namespace Login.CompilerServices;

/// <summary>
/// Turns ids into the text the session stores and back, always with the invariant culture, so a session written
/// under one culture reads the same under another.
/// </summary>
/// <remarks>
/// For Login's generated code: not meant to be called by hand, and not a stable API (it may change in any release).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LoginIds
{
    /// <summary>Formats an id; <c>null</c> stays <c>null</c>.</summary>
    public static string? Format<T>(T? id)
        where T : IFormattable => id is null ? null : id.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Parses a stored id; <c>false</c> for text that is not an id of this type.</summary>
    public static bool TryParse<T>(string text, out T id)
        where T : IParsable<T>
    {
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
        {
            id = parsed;
            return true;
        }

        id = default!;
        return false;
    }
}
