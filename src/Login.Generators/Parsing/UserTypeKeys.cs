using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// Where the user type keys are read and checked: the key a <c>[LoginUser]</c> type's logins record (cookies, the session
/// store), <c>[LoginUser("admin")]</c> or by default the class's name. The runtime reads the same key from the attribute
/// (<c>LoginUserTypes.KeyOf</c>) and checks it with the same rule (<c>LoginUserAttribute.IsValidKey</c>) at startup;
/// LOGIN014 (<c>Diagnostics.CompilationWideChecks</c>) reports at compile time what that check would throw. The
/// generated code never names a key: renaming one changes no generated file.
/// </summary>
internal static class UserTypeKeys
{
    /// <summary>The longest key Login records (<c>LoginUserAttribute.MaxKeyLength</c>).</summary>
    public const int MaxLength = 64;

    /// <summary>What a key may be made of, for messages.</summary>
    public const string Rule = "1 to 64 letters, digits, '-', '_' or '.'";

    /// <summary>
    /// The key of a type marked with <paramref name="loginUser"/>: its constructor argument, or the type's metadata name
    /// (<c>User</c>; <c>User`1</c> for a generic class, as the runtime's <c>Type.Name</c> reads it). <c>null</c> when the
    /// argument is not a constant string the compiler could read (an error of its own). A <c>null</c> argument is the
    /// name too, as <c>LoginUserAttribute.Key</c> documents.
    /// </summary>
    public static string? KeyOf(INamedTypeSymbol type, AttributeData loginUser)
    {
        if (loginUser.ConstructorArguments.Length == 0 || loginUser.ConstructorArguments[0].IsNull)
        {
            return type.MetadataName;
        }

        var argument = loginUser.ConstructorArguments[0];
        return argument.Kind == TypedConstantKind.Primitive && argument.Value is string key ? key : null;
    }

    /// <summary>Whether Login can record the key: <see cref="Rule"/>, as <c>LoginUserAttribute.IsValidKey</c> decides.</summary>
    public static bool IsValid(string key)
    {
        if (key.Length == 0 || key.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
