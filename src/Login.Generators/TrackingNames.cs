namespace Login.Generators;

/// <summary>Names of the pipeline steps, so tests can check each one is cached after an unrelated edit.</summary>
public static class TrackingNames
{
    public const string UserTypes = nameof(UserTypes);
    public const string UserModels = nameof(UserModels);
    public const string UserDiagnostics = nameof(UserDiagnostics);
    public const string Loaders = nameof(Loaders);
    public const string LoaderModels = nameof(LoaderModels);
    public const string LoaderDiagnostics = nameof(LoaderDiagnostics);
    public const string LoaderRegistration = nameof(LoaderRegistration);
    public const string MissingLoaders = nameof(MissingLoaders);
    public const string GuardedCalls = nameof(GuardedCalls);
    public const string RequestDelegateGenerator = nameof(RequestDelegateGenerator);
    public const string Guards = nameof(Guards);
}
