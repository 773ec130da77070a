using Microsoft.CodeAnalysis;

namespace Login.Generators.Diagnostics;

/// <summary>The mistakes Login's generator reports. Each message says what to write instead; see docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Login";
    private const string HelpLink = "docs/diagnostics.md#";

    /// <summary>LOGIN001: a <c>[LoginUser]</c> type, or a type containing it, is not partial, so the generator cannot add to it.</summary>
    public static readonly DiagnosticDescriptor UserTypeNotPartial = new(
        id: "LOGIN001",
        title: "A [LoginUser] type must be partial",
        messageFormat: "'{0}' is marked [LoginUser] but '{1}' is not partial; declare it 'partial {2} {1}' so Login can add the IUser members",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login001");

    /// <summary>LOGIN002: a <c>[LoginUser]</c> type has nothing Login can use as its id.</summary>
    public static readonly DiagnosticDescriptor UserTypeHasNoId = new(
        id: "LOGIN002",
        title: "A [LoginUser] type needs an id",
        messageFormat: "'{0}' is marked [LoginUser] but has no id; add a property 'public int Id {{ get; init; }}', mark the member that identifies the user [LoginId], or write 'public string? GetId()'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login002");

    /// <summary>LOGIN003: the id's type cannot be written to the session as text and parsed back.</summary>
    public static readonly DiagnosticDescriptor IdTypeCannotRoundTrip = new(
        id: "LOGIN003",
        title: "The id of a [LoginUser] type must round-trip through a string",
        messageFormat: "The id '{1}' of '{0}' has type '{2}', which Login cannot store as text and parse back; use string, int, long, Guid, or a type that implements both IParsable<{2}> and IFormattable",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login003");

    /// <summary>LOGIN004: nothing loads a <c>[LoginUser]</c> type, so a session could never turn back into a user.</summary>
    public static readonly DiagnosticDescriptor UserTypeHasNoLoader = new(
        id: "LOGIN004",
        title: "A [LoginUser] type needs a loader",
        messageFormat: "'{0}' is marked [LoginUser] but no [UserLoader] returns it; add a static method that loads it by id and returns it or null, such as '[UserLoader] public static {0}? Load({1} id)'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login004");

    /// <summary>LOGIN005: a loader's signature is one the generated code cannot call.</summary>
    public static readonly DiagnosticDescriptor LoaderSignatureUnusable = new(
        id: "LOGIN005",
        title: "A [UserLoader] method has an unusable signature",
        messageFormat: "[UserLoader] method '{0}' {1}; write it as 'public static User? {0}(int id, ...)', with the user's id first, returning the [LoginUser] type, Task<User?> or ValueTask<User?>",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login005");
}
