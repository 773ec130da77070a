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
        messageFormat: "'{0}' is marked [LoginUser] but no [UserLoader], [RequestLoader] or [HeaderLoader] returns it; add a static method that loads it by id and returns it or null, such as '[UserLoader] public static {0}? Load({1} id)'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login004");

    /// <summary>
    /// LOGIN005: a <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> method has a signature the
    /// generated code cannot call. Arguments: the attribute, the method, the problem, the user type, the first parameter
    /// to write, and that parameter in words; so each kind of loader is told its own signature.
    /// </summary>
    public static readonly DiagnosticDescriptor LoaderSignatureUnusable = new(
        id: "LOGIN005",
        title: "A loader method has an unusable signature",
        messageFormat: "{0} method '{1}' {2}; write it as 'public static {3}? {1}({4}, ...)', taking {5} first and returning the [LoginUser] type, Task<{3}?> or ValueTask<{3}?>",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login005");

    /// <summary>LOGIN006: two <c>[UserLoader]</c>s return the same user type, so a stored id could be loaded two ways.</summary>
    public static readonly DiagnosticDescriptor DuplicateUserLoader = new(
        id: "LOGIN006",
        title: "A [LoginUser] type can have only one [UserLoader]",
        messageFormat: "[UserLoader] method '{0}' loads '{1}', which [UserLoader] method '{2}' already loads; keep one: delete the other method or remove its [UserLoader] attribute",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login006");
}
