using System.ComponentModel;
using System.Globalization;

namespace Login.Loading;

/// <summary>
/// Turns ids into the text the session stores and back, always with the invariant culture, so a session written
/// under one culture reads the same under another. Called by generated code.
/// </summary>
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
