using Microsoft.CodeAnalysis;

namespace Login.Generators.Diagnostics;

/// <summary>
/// The mistakes Login's analyzer (<see cref="LoginAnalyzer"/>) reports. Each message says what to write instead; see
/// docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Login";
    private static readonly string HelpLink = BuildInfo.DocsLink("diagnostics.md#");

    // Reported when the whole compilation has been seen (LOGIN006, LOGIN009, LOGIN014): the IDE shows these with full solution
    // analysis on, and every build reports them. LOGIN004 is not one of them: see LoadedTypes.
    private static readonly string[] CompilationEnd = { WellKnownDiagnosticTags.CompilationEnd };

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
        helpLinkUri: HelpLink + "login006",
        customTags: CompilationEnd);

    /// <summary>
    /// LOGIN007: a <c>Map*</c> handler without <c>[LoginRequired]</c> takes the <c>[LoginUser]</c> type as a non-nullable
    /// parameter, so an anonymous request fails parameter binding (400) instead of reaching the login page. Arguments:
    /// the parameter's name and its type as the user wrote it.
    /// </summary>
    public static readonly DiagnosticDescriptor UserParameterOnUnguardedHandler = new(
        id: "LOGIN007",
        title: "A handler taking the user must require a login or accept anonymous requests",
        messageFormat: "Parameter '{0}' needs a logged-in '{1}' but the handler has no [LoginRequired], so anonymous requests get 400 Bad Request instead of the login page; add [LoginRequired] to the handler, call RequireLogin() on the endpoint or its route group, or make the parameter nullable ('{1}? {0}') to accept anonymous requests",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login007");

    /// <summary>
    /// LOGIN008: a <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> returns a type of the user's own that is not
    /// <c>[LoginUser]</c>. Arguments: the attribute, the method, its return type, the type it loads, and a suggestion to
    /// mark that type when it is the user's own class.
    /// </summary>
    public static readonly DiagnosticDescriptor LoaderReturnsNonUserType = new(
        id: "LOGIN008",
        title: "A loader must return a [LoginUser] type",
        messageFormat: "{0} method '{1}' returns '{2}', and '{3}' is not a [LoginUser] type; return the [LoginUser] type it loads as 'TUser?', 'Task<TUser?>' or 'ValueTask<TUser?>'{4}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login008");

    /// <summary>
    /// LOGIN009: <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> where nothing reads it: a method never passed to a
    /// <c>Map*</c> call outside controllers and page models, a class that is neither, a lambda passed to something else.
    /// Arguments: the attribute, what it is on, and what to do instead.
    /// </summary>
    public static readonly DiagnosticDescriptor GuardAttributeOnNonHandler = new(
        id: "LOGIN009",
        title: "[LoginRequired] only guards handlers, controllers, actions and page models",
        messageFormat: "{0} on {1} guards nothing, because Login only guards Map* handlers, controllers, actions and page models; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login009",
        customTags: CompilationEnd);

    /// <summary>
    /// LOGIN010: a <c>Map*</c> call whose guard cannot be woven at compile time (the handler is a delegate value, or the
    /// Request Delegate Generator owns the call), so <c>[LoginRequired]</c> is enforced at runtime from endpoint metadata
    /// by <c>app.UseLogin()</c>. Arguments: why it cannot be woven, and an extra way out when there is one.
    /// </summary>
    public static readonly DiagnosticDescriptor GuardEnforcedAtRuntime = new(
        id: "LOGIN010",
        title: "This endpoint is guarded at runtime, not at compile time",
        messageFormat: "{0}, so Login cannot weave its guard at compile time and any [LoginRequired] on the handler is enforced at runtime from endpoint metadata; keep app.UseLogin() in the pipeline{1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login010");

    /// <summary>
    /// LOGIN011: a <c>[LoginClaim]</c> member of a type Login cannot turn into claims (a number, an object, a dictionary).
    /// Arguments: the user type, the member, and the member's type.
    /// </summary>
    public static readonly DiagnosticDescriptor ClaimTypeUnsupported = new(
        id: "LOGIN011",
        title: "A [LoginClaim] member must be a string, a collection of strings or an enum",
        messageFormat: "'{0}.{1}' is marked [LoginClaim] but its type '{2}' cannot be made into claims; make it a string, string[], IEnumerable<string> or an enum (nullable or not), or format the value into a string property yourself and mark that one [LoginClaim]",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login011");

    /// <summary>
    /// LOGIN012: a handler marked <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> mapped on a route group that
    /// <c>.AllowAnonymous()</c> opened: <c>[AllowAnonymous]</c> wins over a requirement, as it does over <c>[Authorize]</c>,
    /// so anonymous requests reach the handler. Arguments: the attribute, and the <c>AllowAnonymous()</c> call as written.
    /// </summary>
    public static readonly DiagnosticDescriptor RequirementOverriddenByGroup = new(
        id: "LOGIN012",
        title: "A route group's AllowAnonymous() overrides the handler's [LoginRequired]",
        messageFormat: "{0} on this handler is overridden by '{1}' on its route group: [AllowAnonymous] wins over a requirement, so anonymous requests reach it; remove AllowAnonymous() from the group, or map this handler outside it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login012");

    /// <summary>
    /// LOGIN013: <c>[LoginRequired&lt;T&gt;]</c> or <c>[FreshLoginRequired&lt;T&gt;]</c> where <c>T</c> is not a
    /// <c>[LoginUser]</c> type (the constraint lets any class implementing IUser through), so no login is ever of that
    /// type. Arguments: the type, the attribute as written, and what to write instead (the project's user types).
    /// </summary>
    public static readonly DiagnosticDescriptor RequiredTypeNotLoginUser = new(
        id: "LOGIN013",
        title: "[LoginRequired<T>] needs a [LoginUser] type",
        messageFormat: "'{0}' in {1} is not a [LoginUser] type, so no login is ever of that type and nobody could get past this guard; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login013");

    /// <summary>
    /// LOGIN014: a <c>[LoginUser]</c> type's key (what its logins record) is one Login cannot record, or another user
    /// type's key too (two classes named <c>User</c> in different namespaces), so their logins could not be told apart.
    /// Arguments: the key, the type, what is wrong, and what to write instead.
    /// </summary>
    public static readonly DiagnosticDescriptor UserTypeKeyUnusable = new(
        id: "LOGIN014",
        title: "Each [LoginUser] type needs a key of its own that Login can record",
        messageFormat: "The user type key \"{0}\" of '{1}' {2}; {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login014",
        customTags: CompilationEnd);

    /// <summary>
    /// LOGIN015: a guarded handler takes a parameter of one user type while its guard requires another, or takes
    /// parameters of two user types: a login is of one type, so no request could ever reach it. Arguments: what
    /// disagrees, and which to change.
    /// </summary>
    public static readonly DiagnosticDescriptor UnreachableUserParameter = new(
        id: "LOGIN015",
        title: "A handler's user parameters and its guard must agree on the user type",
        messageFormat: "{0}, so no request could ever reach this handler; {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "login015");
}
