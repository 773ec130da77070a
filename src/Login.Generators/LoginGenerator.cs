using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Login.Generators.Diagnostics;
using Login.Generators.Emitting;
using Login.Generators.Models;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators;

/// <summary>
/// Login's generator. Three inputs: <c>[LoginUser]</c> types (get the IUser members), <c>[UserLoader]</c> methods
/// (get compiled and registered), and <c>Map*</c> calls whose handler is <c>[LoginRequired]</c> (get a guard
/// woven in by an interceptor). Models hold only strings and flags; diagnostics travel in their own steps.
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

        // [UserLoader] methods.
        var loaders = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.UserLoaderAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                LoaderParser.Parse)
            .WithTrackingName(TrackingNames.Loaders);

        var loaderDiagnostics = loaders
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.LoaderDiagnostics);
        context.RegisterSourceOutput(loaderDiagnostics, Report);

        var loaderModels = loaders
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.LoaderModels);

        // Only loaders of users that got their IUser members can be registered; the others have an error already.
        var registration = loaderModels.Collect()
            .Combine(userModels.Select(static (model, _) => model.FullyQualifiedName).Collect())
            .Select(static (input, _) => BuildRegistration(input.Left, input.Right))
            .WithTrackingName(TrackingNames.LoaderRegistration);
        context.RegisterSourceOutput(registration, static (output, model) =>
        {
            if (model.Loaders.Count > 0)
            {
                output.AddSource(LoaderEmitter.HintName, LoaderEmitter.Emit(model));
            }
        });

        // LOGIN004: a [LoginUser] type that no loader returns.
        var missingLoaders = userTypes.Select(static (result, _) => result.Declaration).Collect()
            .Combine(loaders.Select(static (result, _) => result.UserType ?? "").Collect())
            .Select(static (input, _) => FindMissingLoaders(input.Left, input.Right))
            .WithTrackingName(TrackingNames.MissingLoaders);
        context.RegisterSourceOutput(missingLoaders, Report);

        // Guarded Map* calls.
        var guardedCalls = context.SyntaxProvider
            .CreateSyntaxProvider(MapCallParser.IsCandidate, MapCallParser.Parse)
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .WithTrackingName(TrackingNames.GuardedCalls);

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
    }

    private static LoaderRegistrationModel BuildRegistration(ImmutableArray<LoaderModel> loaders, ImmutableArray<string> validUsers)
    {
        var valid = new HashSet<string>(validUsers);
        var registered = new List<LoaderModel>();
        foreach (var loader in loaders)
        {
            if (valid.Contains(loader.UserType))
            {
                registered.Add(loader);
            }
        }

        return new LoaderRegistrationModel(registered.ToEquatableArray());
    }

    private static EquatableArray<DiagnosticInfo> FindMissingLoaders(ImmutableArray<UserTypeDeclaration> users, ImmutableArray<string> loadedTypes)
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

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
