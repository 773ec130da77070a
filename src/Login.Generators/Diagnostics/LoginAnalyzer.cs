using System;
using System.Collections.Immutable;
using System.Threading;
using Login.Generators.Models;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Login.Generators.Diagnostics;

/// <summary>
/// Reports Login's diagnostics, LOGIN001 to LOGIN015, at the user's declarations. They live here rather than in the
/// generator so that the generator's models need no source locations: a location moves with every edit above it, and a
/// model that holds one is rebuilt, and everything after it re-run, on every keystroke in its file. The checks are the
/// parsers' own (<see cref="UserTypeParser.Check"/>, <see cref="LoaderParser.Read"/>), so what this reports is exactly
/// what the generator skips, or, for a user type with no usable id, stubs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoginAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UserTypeNotPartial,
        DiagnosticDescriptors.UserTypeHasNoId,
        DiagnosticDescriptors.IdTypeCannotRoundTrip,
        DiagnosticDescriptors.UserTypeHasNoLoader,
        DiagnosticDescriptors.LoaderSignatureUnusable,
        DiagnosticDescriptors.DuplicateUserLoader,
        DiagnosticDescriptors.UserParameterOnUnguardedHandler,
        DiagnosticDescriptors.LoaderReturnsNonUserType,
        DiagnosticDescriptors.GuardAttributeOnNonHandler,
        DiagnosticDescriptors.GuardEnforcedAtRuntime,
        DiagnosticDescriptors.ClaimTypeUnsupported,
        DiagnosticDescriptors.RequirementOverriddenByGroup,
        DiagnosticDescriptors.RequiredTypeNotLoginUser,
        DiagnosticDescriptors.UserTypeKeyUnusable,
        DiagnosticDescriptors.UnreachableUserParameter);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Without Login.Runtime there is nothing of Login's to check (and the generator has nothing to generate).
            var known = KnownTypes.For(start.Compilation);
            if (known.LoginUserAttribute is null)
            {
                return;
            }

            var requestDelegateGenerator = BuildProperties.RequestDelegateGeneratorEnabled(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            var checks = new CompilationWideChecks(known);
            var loadedTypes = new LoadedTypes(start.Compilation, known);
            var userTypeNames = new UserTypeNames(start.Compilation, known);

            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, known, loadedTypes, userTypeNames, checks), SymbolKind.NamedType);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, known, userTypeNames, checks), SymbolKind.Method);
            start.RegisterOperationAction(
                operation => checks.AddHandlerMethod(MapCallChecks.Check(
                    (IInvocationOperation)operation.Operation, known, requestDelegateGenerator, checks.FirstReport, checks.FirstUnreachableReport,
                    operation.ReportDiagnostic, operation.CancellationToken)),
                OperationKind.Invocation);

            // Lambdas and local functions are not symbols the symbol actions see: their guard attributes are read here.
            start.RegisterOperationAction(
                operation => AnalyzeHandler(((IAnonymousFunctionOperation)operation.Operation).Symbol, operation, known, userTypeNames, checks),
                OperationKind.AnonymousFunction);
            start.RegisterOperationAction(
                operation => AnalyzeHandler(((ILocalFunctionOperation)operation.Operation).Symbol, operation, known, userTypeNames, checks),
                OperationKind.LocalFunction);

            start.RegisterCompilationEndAction(checks.Report);
        });
    }

    private static void AnalyzeHandler(IMethodSymbol handler, OperationAnalysisContext context, KnownTypes known, UserTypeNames userTypeNames, CompilationWideChecks checks)
    {
        AddGuardSites(handler, context.Operation.SemanticModel, known, checks, context.CancellationToken);
        UserTypeChecks.CheckRequiredTypes(handler, known, userTypeNames, context.ReportDiagnostic, context.CancellationToken);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypes known, LoadedTypes loadedTypes, UserTypeNames userTypeNames, CompilationWideChecks checks)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class)
        {
            return;
        }

        foreach (var attribute in type.GetAttributes())
        {
            // Read at the part that carries the attribute, as the generator's ForAttributeWithMetadataName does.
            if (attribute.AttributeClass.Is(known.LoginUserAttribute)
                && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).Parent?.Parent is TypeDeclarationSyntax declaration)
            {
                foreach (var problem in UserTypeParser.Check(type, declaration, known, context.CancellationToken))
                {
                    context.ReportDiagnostic(problem.ToDiagnostic());
                }

                if (!loadedTypes.IsLoaded(type, context.CancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UserTypeHasNoLoader, declaration.Identifier.GetLocation(), type.Name, UserTypeParser.IdTypeName(type, known)));
                }

                checks.AddUserType(type, attribute, attribute.ApplicationSyntaxReference.GetSyntax(context.CancellationToken).GetLocation());
                break;
            }
        }

        AddGuardSites(type, null, known, checks, context.CancellationToken);
        UserTypeChecks.CheckRequiredTypes(type, known, userTypeNames, context.ReportDiagnostic, context.CancellationToken);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownTypes known, UserTypeNames userTypeNames, CompilationWideChecks checks)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
        {
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            LoaderKind kind;
            if (attribute.AttributeClass.Is(known.UserLoaderAttribute))
            {
                kind = LoaderKind.User;
            }
            else if (attribute.AttributeClass.Is(known.RequestLoaderAttribute))
            {
                kind = LoaderKind.Request;
            }
            else if (attribute.AttributeClass.Is(known.HeaderLoaderAttribute))
            {
                kind = LoaderKind.Header;
            }
            else
            {
                continue;
            }

            var model = LoaderParser.Read(method, kind, known, out var problem, context.CancellationToken);
            if (problem is not null)
            {
                context.ReportDiagnostic(problem.ToDiagnostic());
            }
            else if (model is { Kind: LoaderKind.User })
            {
                checks.AddUserLoader(method, method.Locations[0]);
            }
        }

        AddGuardSites(method, null, known, checks, context.CancellationToken);
        UserTypeChecks.CheckRequiredTypes(method, known, userTypeNames, context.ReportDiagnostic, context.CancellationToken);

        // An MVC action: its guards are its own and its controller's (a Map* handler is checked at the Map* call). Not a
        // Razor Pages handler: MVC asks IEndpointParameterMetadataProvider only for a controller action's parameters.
        if (method is { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public }
            && method.ContainingType is { } containing
            && containing.IsControllerOrPage(known)
            && !IsPage(containing, known))
        {
            UserTypeChecks.CheckParameters(
                method, UserTypeChecks.GuardsOfAction(method, known), known, checks.FirstUnreachableReport, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    private static bool IsPage(INamedTypeSymbol type, KnownTypes known)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(known.PageModel) || current.Is(known.PageBase))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddGuardSites(ISymbol target, SemanticModel? semanticModel, KnownTypes known, CompilationWideChecks checks, CancellationToken cancellationToken)
    {
        foreach (var site in GuardAttributeChecks.Check(target, semanticModel, known, cancellationToken))
        {
            checks.AddGuardSite(site);
        }
    }
}
