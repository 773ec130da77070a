using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Login.Generators.Diagnostics;
using Login.Generators.Emitting;
using Login.Generators.Models;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators;

/// <summary>
/// Login's generator. Three inputs: <c>[LoginUser]</c> types (get the IUser members), loader methods marked
/// <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> (get compiled and registered), and <c>Map*</c>
/// calls whose handler is <c>[LoginRequired]</c> (get a guard woven in by an interceptor). A fourth, the
/// <c>[LoginRequired]</c>/<c>[FreshLoginRequired]</c> attributes themselves, only feeds a diagnostic. Models hold only
/// strings and flags; diagnostics travel in their own steps.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LoginGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // [LoginUser] types.
        var userTypes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.LoginUserAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                UserTypeParser.Parse)
            .WithTrackingName(TrackingNames.UserTypes);

        var userModels = userTypes
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.UserModels);
        context.RegisterSourceOutput(userModels, static (output, model) =>
            output.AddSource(model.HintName, UserTypeEmitter.Emit(model)));

        var userDiagnostics = userTypes
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.UserDiagnostics);
        context.RegisterSourceOutput(userDiagnostics, Report);

        // [UserLoader], [RequestLoader] and [HeaderLoader] methods: one parser, told which kind it reads.
        var userLoaders = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.UserLoaderAttribute, IsMethod, LoaderParser.ParseUserLoader)
            .WithTrackingName(TrackingNames.Loaders);
        var requestLoaders = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.RequestLoaderAttribute, IsMethod, LoaderParser.ParseRequestLoader)
            .WithTrackingName(TrackingNames.RequestLoaders);
        var headerLoaders = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.HeaderLoaderAttribute, IsMethod, LoaderParser.ParseHeaderLoader)
            .WithTrackingName(TrackingNames.HeaderLoaders);

        var userLoaderModels = UsableLoaders(context, userLoaders, TrackingNames.LoaderDiagnostics, TrackingNames.LoaderModels);
        var requestLoaderModels = UsableLoaders(context, requestLoaders, TrackingNames.RequestLoaderDiagnostics, TrackingNames.RequestLoaderModels);
        var headerLoaderModels = UsableLoaders(context, headerLoaders, TrackingNames.HeaderLoaderDiagnostics, TrackingNames.HeaderLoaderModels);

        // Only loaders of users that got their IUser members can be registered; the others have an error already.
        var registration = userLoaderModels.Collect()
            .Combine(requestLoaderModels.Collect())
            .Combine(headerLoaderModels.Collect())
            .Combine(userModels.Select(static (model, _) => model.FullyQualifiedName).Collect())
            .Select(static (input, _) => BuildRegistration(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.LoaderRegistration);
        context.RegisterSourceOutput(registration, static (output, model) =>
        {
            if (model.Loaders.Count > 0)
            {
                output.AddSource(LoaderEmitter.HintName, LoaderEmitter.Emit(model));
            }
        });

        // LOGIN004: a [LoginUser] type that no loader of any kind returns.
        var loadedUserTypes = userLoaders.Select(static (result, _) => result.UserType ?? "").Collect()
            .Combine(requestLoaders.Select(static (result, _) => result.UserType ?? "").Collect())
            .Combine(headerLoaders.Select(static (result, _) => result.UserType ?? "").Collect())
            .Select(static (input, _) => new EquatableArray<string>([.. input.Left.Left, .. input.Left.Right, .. input.Right]))
            .WithTrackingName(TrackingNames.LoadedUserTypes);
        var missingLoaders = userTypes.Select(static (result, _) => result.Declaration).Collect()
            .Combine(loadedUserTypes)
            .Select(static (input, _) => FindMissingLoaders(input.Left, input.Right))
            .WithTrackingName(TrackingNames.MissingLoaders);
        context.RegisterSourceOutput(missingLoaders, Report);

        // LOGIN006: a second [UserLoader] for a user type. Several request or header loaders are fine: they are tried in order.
        var duplicateUserLoaders = userLoaders
            .Where(static result => result.Declaration is not null)
            .Select(static (result, _) => result.Declaration!)
            .Collect()
            .Select(static (declarations, _) => FindDuplicateUserLoaders(declarations))
            .WithTrackingName(TrackingNames.DuplicateUserLoaders);
        context.RegisterSourceOutput(duplicateUserLoaders, Report);

        // Map* calls: the guarded ones get a guard woven in; all of them are checked and their method groups remembered.
        var mapCalls = context.SyntaxProvider
            .CreateSyntaxProvider(MapCallParser.IsCandidate, MapCallParser.Parse)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.MapCalls);

        var guardedCalls = mapCalls
            .Where(static result => result.Guarded is not null)
            .Select(static (result, _) => result.Guarded!)
            .WithTrackingName(TrackingNames.GuardedCalls);

        // LOGIN007 and LOGIN010. A method group mapped twice would report its LOGIN007 twice: report each once.
        var mapCallDiagnostics = mapCalls
            .Select(static (result, _) => result.Diagnostics)
            .Collect()
            .Select(static (all, _) => Distinct(all))
            .WithTrackingName(TrackingNames.MapCallDiagnostics);
        context.RegisterSourceOutput(mapCallDiagnostics, Report);

        // Intercepting a call the Request Delegate Generator intercepts too is error CS9153: step aside, the
        // runtime middleware guards those endpoints from their metadata instead.
        var requestDelegateGenerator = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.EnableRequestDelegateGenerator", out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.RequestDelegateGenerator);

        var guards = guardedCalls.Collect()
            .Combine(requestDelegateGenerator)
            .Select(static (input, _) => new GuardFileModel(input.Right ? EquatableArray<GuardedCallModel>.Empty : input.Left.ToEquatableArray()))
            .WithTrackingName(TrackingNames.Guards);
        context.RegisterSourceOutput(guards, static (output, model) =>
        {
            if (model.Calls.Count > 0)
            {
                output.AddSource(GuardEmitter.HintName, GuardEmitter.Emit(model));
            }
        });

        // LOGIN010 for a handler passed as a delegate value, and for each guarded call the generator steps aside from.
        var runtimeGuardDiagnostics = mapCalls
            .Where(static result => result.RuntimeGuard is not null)
            .Combine(requestDelegateGenerator)
            .Select(static (input, _) => RuntimeGuard(input.Left, input.Right))
            .WithTrackingName(TrackingNames.RuntimeGuardDiagnostics);
        context.RegisterSourceOutput(runtimeGuardDiagnostics, Report);

        // LOGIN009: [LoginRequired] or [FreshLoginRequired] where nothing reads it. A method counts as a handler when any
        // Map* call in the compilation is passed it, so the sites are checked against every call's method group.
        var handlerMethods = mapCalls
            .Where(static result => result.HandlerMethod is not null)
            .Select(static (result, _) => result.HandlerMethod!)
            .Collect()
            .Select(static (keys, _) => keys.ToEquatableArray())
            .WithTrackingName(TrackingNames.HandlerMethods);
        var loginRequiredSites = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.LoginRequiredAttribute, GuardAttributeParser.IsTarget, GuardAttributeParser.ParseLoginRequired)
            .WithTrackingName(TrackingNames.LoginRequiredSites);
        var freshLoginRequiredSites = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.FreshLoginRequiredAttribute, GuardAttributeParser.IsTarget, GuardAttributeParser.ParseFreshLoginRequired)
            .WithTrackingName(TrackingNames.FreshLoginRequiredSites);
        var misplacedGuards = loginRequiredSites.Collect()
            .Combine(freshLoginRequiredSites.Collect())
            .Combine(handlerMethods)
            .Select(static (input, _) => FindMisplacedGuards(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.MisplacedGuards);
        context.RegisterSourceOutput(misplacedGuards, Report);
    }

    private static bool IsMethod(SyntaxNode node, CancellationToken cancellationToken) => node is MethodDeclarationSyntax;

    /// <summary>Reports the loaders' signature errors and passes on the loaders that can be compiled.</summary>
    private static IncrementalValuesProvider<LoaderModel> UsableLoaders(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<LoaderResult> loaders, string diagnosticsStep, string modelsStep)
    {
        var diagnostics = loaders
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(diagnosticsStep);
        context.RegisterSourceOutput(diagnostics, Report);

        return loaders
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(modelsStep);
    }

    private static LoaderRegistrationModel BuildRegistration(
        ImmutableArray<LoaderModel> userLoaders, ImmutableArray<LoaderModel> requestLoaders, ImmutableArray<LoaderModel> headerLoaders, ImmutableArray<string> validUsers)
    {
        var valid = new HashSet<string>(validUsers);
        var registered = new List<LoaderModel>();

        // A second [UserLoader] for a type is LOGIN006 and, like every loader with an error, is not registered.
        var loadedById = new HashSet<string>();
        foreach (var loader in userLoaders)
        {
            if (valid.Contains(loader.UserType) && loadedById.Add(loader.UserType))
            {
                registered.Add(loader);
            }
        }

        foreach (var loader in requestLoaders)
        {
            if (valid.Contains(loader.UserType))
            {
                registered.Add(loader);
            }
        }

        foreach (var loader in headerLoaders)
        {
            if (valid.Contains(loader.UserType))
            {
                registered.Add(loader);
            }
        }

        return new LoaderRegistrationModel(registered.ToEquatableArray());
    }

    private static EquatableArray<DiagnosticInfo> FindDuplicateUserLoaders(ImmutableArray<LoaderDeclaration> loaders)
    {
        var first = new Dictionary<string, LoaderDeclaration>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var loader in loaders)
        {
            if (first.TryGetValue(loader.UserType, out var existing))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateUserLoader, loader.Site, loader.MethodDisplayName, loader.UserDisplayName, existing.MethodDisplayName));
            }
            else
            {
                first.Add(loader.UserType, loader);
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static EquatableArray<DiagnosticInfo> FindMissingLoaders(ImmutableArray<UserTypeDeclaration> users, EquatableArray<string> loadedTypes)
    {
        var loaded = new HashSet<string>(loadedTypes);
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var user in users)
        {
            if (!loaded.Contains(user.FullyQualifiedName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UserTypeHasNoLoader, user.Site, user.DisplayName, user.IdType));
            }
        }

        return diagnostics.ToEquatableArray();
    }

    /// <summary>
    /// A delegate value's LOGIN010 always; a guarded call's only when the Request Delegate Generator owns it, and then a
    /// delegate value's cannot suggest passing the lambda directly to have the guard woven.
    /// </summary>
    private static EquatableArray<DiagnosticInfo> RuntimeGuard(MapCallResult call, bool requestDelegateGenerator)
    {
        var diagnostic = call.RuntimeGuard!;
        if (call.OnlyWithRequestDelegateGenerator && !requestDelegateGenerator)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        if (requestDelegateGenerator && !call.OnlyWithRequestDelegateGenerator)
        {
            diagnostic = diagnostic with { MessageArgs = new EquatableArray<string>(new[] { diagnostic.MessageArgs[0], "" }) };
        }

        return new EquatableArray<DiagnosticInfo>(new[] { diagnostic });
    }

    private static EquatableArray<DiagnosticInfo> FindMisplacedGuards(
        ImmutableArray<GuardAttributeSite?> loginRequired, ImmutableArray<GuardAttributeSite?> freshLoginRequired, EquatableArray<string> handlerMethods)
    {
        var handlers = new HashSet<string>(handlerMethods);
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var site in loginRequired.AddRange(freshLoginRequired))
        {
            if (site is not null && (site.HandlerMethod is null || !handlers.Contains(site.HandlerMethod)))
            {
                diagnostics.Add(site.Diagnostic);
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static EquatableArray<DiagnosticInfo> Distinct(ImmutableArray<EquatableArray<DiagnosticInfo>> all)
    {
        var seen = new HashSet<DiagnosticInfo>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var some in all)
        {
            foreach (var diagnostic in some)
            {
                if (seen.Add(diagnostic))
                {
                    diagnostics.Add(diagnostic);
                }
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
