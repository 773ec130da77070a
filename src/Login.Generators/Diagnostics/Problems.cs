using System;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Login.Generators.Diagnostics;

/// <summary>Turns the problems the parsers find into Login's diagnostics.</summary>
internal static class Problems
{
    public static Diagnostic ToDiagnostic(this Problem problem) =>
        Diagnostic.Create(DescriptorOf(problem.Kind), problem.Location, problem.Arguments);

    private static DiagnosticDescriptor DescriptorOf(ProblemKind kind) => kind switch
    {
        ProblemKind.UserTypeNotPartial => DiagnosticDescriptors.UserTypeNotPartial,
        ProblemKind.UserTypeHasNoId => DiagnosticDescriptors.UserTypeHasNoId,
        ProblemKind.IdTypeCannotRoundTrip => DiagnosticDescriptors.IdTypeCannotRoundTrip,
        ProblemKind.LoaderSignatureUnusable => DiagnosticDescriptors.LoaderSignatureUnusable,
        ProblemKind.LoaderReturnsNonUserType => DiagnosticDescriptors.LoaderReturnsNonUserType,
        ProblemKind.ClaimTypeUnsupported => DiagnosticDescriptors.ClaimTypeUnsupported,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A problem without a diagnostic."),
    };
}
