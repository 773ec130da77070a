using Microsoft.CodeAnalysis;

namespace Login.Generators.Diagnostics;

/// <summary>
/// A <c>[LoginRequired]</c> or <c>[FreshLoginRequired]</c> that may guard nothing (LOGIN009).
/// </summary>
/// <param name="HandlerMethod">
/// The method's key when it is fine as long as some <c>Map*</c> call is passed it; <c>null</c> when nothing can make the
/// attribute count (a class that is none of the things ASP.NET Core reads class attributes of, a lambda passed to
/// something else).
/// </param>
/// <param name="Diagnostic">The LOGIN009 to report unless the method turns out to be a handler.</param>
internal sealed record GuardAttributeSite(string? HandlerMethod, Diagnostic Diagnostic);
