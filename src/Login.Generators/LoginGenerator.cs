using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Login.Generators.Emitting;
using Login.Generators.Models;
using Login.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Login.Generators;

/// <summary>
/// Login's generator. Three inputs: <c>[LoginUser]</c> types (get the IUser members), loader methods marked
/// <c>[UserLoader]</c>, <c>[RequestLoader]</c> or <c>[HeaderLoader]</c> (get compiled and registered), and <c>Map*</c>
/// calls whose handler is <c>[LoginRequired]</c> (get a guard woven in by an interceptor). It reports nothing: the
/// analyzer in the same assembly (<see cref="Diagnostics.LoginAnalyzer"/>) does, with the same checks, and the generator
/// skips whatever they find wrong (a user type without a usable id keeps its IUser members, so code that uses it still
/// type-checks), so a mistake gets its diagnostic and no other errors. That keeps source
/// locations out of the models, which hold only strings and flags, so an edit that moves code does not change them.
/// Several user types: each <c>[LoginUser]</c> type gets its own members and its loaders are registered with their type;
/// the key a type's logins record (<c>[LoginUser("admin")]</c>) is read and checked in <see cref="UserTypeKeys"/> and
/// never written into generated code (the runtime reads it from the attribute); a guard's user type
/// (<c>[LoginRequired&lt;Admin&gt;]</c>) is read in <see cref="GuardAttribute"/> and checked in
/// <see cref="Diagnostics.UserTypeChecks"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LoginGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // [LoginUser] types.
        var userModels = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.LoginUserAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                UserTypeParser.Parse)
            .WithTrackingName(TrackingNames.UserTypes)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.UserModels);
        context.RegisterSourceOutput(userModels, static (output, model) =>
            output.AddSource(model.HintName, UserTypeEmitter.Emit(model)));

        // [UserLoader], [RequestLoader] and [HeaderLoader] methods: one parser, told which kind it reads.
        var userLoaders = UsableLoaders(context, KnownNames.UserLoaderAttribute, LoaderParser.ParseUserLoader, TrackingNames.Loaders, TrackingNames.LoaderModels);
        var requestLoaders = UsableLoaders(context, KnownNames.RequestLoaderAttribute, LoaderParser.ParseRequestLoader, TrackingNames.RequestLoaders, TrackingNames.RequestLoaderModels);
        var headerLoaders = UsableLoaders(context, KnownNames.HeaderLoaderAttribute, LoaderParser.ParseHeaderLoader, TrackingNames.HeaderLoaders, TrackingNames.HeaderLoaderModels);

        // Only loaders of users with a usable id are registered; the others have an error already (LOGIN001 to LOGIN003).
        var registration = userLoaders.Collect()
            .Combine(requestLoaders.Collect())
            .Combine(headerLoaders.Collect())
            .Combine(userModels.Where(static model => model.HasUsableId).Select(static (model, _) => model.FullyQualifiedName).Collect())
            .Select(static (input, _) => BuildRegistration(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.LoaderRegistration);
        context.RegisterSourceOutput(registration, static (output, model) =>
        {
            if (model.Loaders.Count > 0)
            {
                output.AddSource(LoaderEmitter.HintName, LoaderEmitter.Emit(model));
            }
        });

        // Map* calls whose handler is marked get a guard woven in. The transform re-runs for every candidate whenever the
        // compilation changes (on every keystroke in the IDE), so it reads a call with a marked handler (a lambda or a method
        // group) without binding it (MapCallLookup) and binds only what that cannot decide.
        var mapCalls = context.SyntaxProvider
            .CreateSyntaxProvider(MapCallParser.IsWeavingCandidate, MapCallParser.Parse)
            .WithTrackingName(TrackingNames.MapCalls);

        var guardedCalls = mapCalls
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .WithTrackingName(TrackingNames.GuardedCalls);

        // Intercepting a call the Request Delegate Generator intercepts too is error CS9153: step aside, the
        // runtime middleware guards those endpoints from their metadata instead.
        var requestDelegateGenerator = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => BuildProperties.RequestDelegateGeneratorEnabled(options.GlobalOptions))
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

        // WebApplication.Create*Builder calls get Login's startup check added to the builder: a slim or empty builder runs no
        // hosting startups, and without AddLogin() nothing else would stop an app serving unwoven guarded endpoints.
        var builderCalls = context.SyntaxProvider
            .CreateSyntaxProvider(BuilderCallParser.IsCandidate, BuilderCallParser.Parse)
            .WithTrackingName(TrackingNames.BuilderCalls)
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .Collect()
            .Select(static (calls, _) => calls.ToEquatableArray())
            .WithTrackingName(TrackingNames.Builders);
        context.RegisterSourceOutput(builderCalls, static (output, calls) =>
        {
            if (calls.Count > 0)
            {
                output.AddSource(BuilderEmitter.HintName, BuilderEmitter.Emit(calls));
            }
        });
    }

    /// <summary>The loaders marked with one attribute whose signature can be compiled; the others are the analyzer's to report.</summary>
    private static IncrementalValuesProvider<LoaderModel> UsableLoaders(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, LoaderModel?> parse,
        string loadersStep,
        string modelsStep) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is MethodDeclarationSyntax, parse)
            .WithTrackingName(loadersStep)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(modelsStep);

    private static LoaderRegistrationModel BuildRegistration(
        ImmutableArray<LoaderModel> userLoaders, ImmutableArray<LoaderModel> requestLoaders, ImmutableArray<LoaderModel> headerLoaders, ImmutableArray<string> validUsers)
    {
        var valid = new HashSet<string>(validUsers);
        var registered = new List<LoaderModel>();

        // A second [UserLoader] for a type is LOGIN006 and, like every loader with an error, is not registered. The first
        // is the first in source order, as the analyzer counts it.
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
}
