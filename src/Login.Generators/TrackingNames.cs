namespace Login.Generators;

/// <summary>Names of the pipeline steps, so tests can check each one is cached after an unrelated edit.</summary>
public static class TrackingNames
{
    public const string UserTypes = nameof(UserTypes);
    public const string UserModels = nameof(UserModels);

    // The [UserLoader] steps.
    public const string Loaders = nameof(Loaders);
    public const string LoaderModels = nameof(LoaderModels);

    public const string RequestLoaders = nameof(RequestLoaders);
    public const string RequestLoaderModels = nameof(RequestLoaderModels);
    public const string HeaderLoaders = nameof(HeaderLoaders);
    public const string HeaderLoaderModels = nameof(HeaderLoaderModels);

    public const string LoaderRegistration = nameof(LoaderRegistration);

    // The weaving steps.
    public const string MapCalls = nameof(MapCalls);
    public const string GuardedCalls = nameof(GuardedCalls);
    public const string RequestDelegateGenerator = nameof(RequestDelegateGenerator);
    public const string Guards = nameof(Guards);

    // The steps that add Login's startup check to the app's WebApplication builders (issue 19).
    public const string BuilderCalls = nameof(BuilderCalls);
    public const string Builders = nameof(Builders);
}
