using Microsoft.CodeAnalysis;

namespace Login.Generators.Parsing;

/// <summary>
/// One <c>[LoginRequired]</c>, <c>[FreshLoginRequired]</c>, <c>[LoginRequired&lt;TUser&gt;]</c> or
/// <c>[FreshLoginRequired&lt;TUser&gt;]</c> (or an attribute class deriving from one), as read by every part of the
/// generator and the analyzer that looks for a guard: weaving, LOGIN007, LOGIN009, LOGIN012, LOGIN013 and LOGIN015.
/// </summary>
/// <param name="Requirement">"FreshLogin" or "Login": the <c>LoginRequirement</c> member the woven guard names.</param>
/// <param name="UserType">The <c>TUser</c> of a generic form; <c>null</c> for any user type.</param>
internal readonly record struct GuardAttribute(string Requirement, ITypeSymbol? UserType)
{
    public const string FreshLogin = "FreshLogin";
    public const string Login = "Login";

    public bool IsFresh => Requirement == FreshLogin;

    /// <summary>The attribute as the user writes it, for messages: <c>[FreshLoginRequired&lt;Admin&gt;]</c>.</summary>
    public string Display => "[" + (IsFresh ? "FreshLoginRequired" : "LoginRequired") + (UserType is null ? "" : "<" + UserType.ToDisplayName() + ">") + "]";

    /// <summary>
    /// The guard an attribute class stands for, or <c>null</c> when it is none. The generic forms are matched by their
    /// unconstructed definition (<c>LoginRequiredAttribute`1</c>): <c>FreshLoginRequiredAttribute&lt;T&gt;</c> derives
    /// from <c>LoginRequiredAttribute&lt;T&gt;</c>, not from <c>FreshLoginRequiredAttribute</c>, so the base types are
    /// walked from the attribute itself and the first Login attribute met decides.
    /// </summary>
    public static GuardAttribute? Read(INamedTypeSymbol? attributeClass, KnownTypes known)
    {
        for (var type = attributeClass; type is not null; type = type.BaseType)
        {
            var definition = type.OriginalDefinition;
            if (Same(definition, known.FreshLoginRequiredAttributeOfT))
            {
                return new GuardAttribute(FreshLogin, type.TypeArguments[0]);
            }

            if (Same(definition, known.LoginRequiredAttributeOfT))
            {
                return new GuardAttribute(Login, type.TypeArguments[0]);
            }

            if (Same(definition, known.FreshLoginRequiredAttribute))
            {
                return new GuardAttribute(FreshLogin, null);
            }

            if (Same(definition, known.LoginRequiredAttribute))
            {
                return new GuardAttribute(Login, null);
            }
        }

        return null;
    }

    /// <summary>
    /// The guard a handler's attributes make: the first that asks for a fresh login, else the first that asks for a login,
    /// <c>null</c> when none does (the strongest requirement wins, as the runtime's <c>LoginRequirements.Of</c> decides).
    /// </summary>
    public static GuardAttribute? Of(ISymbol? handler, KnownTypes known)
    {
        if (handler is null)
        {
            return null;
        }

        GuardAttribute? found = null;
        foreach (var attribute in handler.GetAttributes())
        {
            if (Read(attribute.AttributeClass, known) is { } guard)
            {
                if (guard.IsFresh)
                {
                    return guard;
                }

                found ??= guard;
            }
        }

        return found;
    }

    /// <summary>"FreshLogin", "Login" or <c>null</c>: the requirement of <see cref="Of"/>.</summary>
    public static string? RequirementOf(ISymbol? handler, KnownTypes known) => Of(handler, known)?.Requirement;

    private static bool Same(INamedTypeSymbol definition, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(definition, known);
}
