namespace Login.Generators;

/// <summary>Names of the pipeline steps, so tests can check each one is cached after an unrelated edit.</summary>
public static class TrackingNames
{
    public const string UserTypes = nameof(UserTypes);
    public const string UserModels = nameof(UserModels);
    public const string UserDiagnostics = nameof(UserDiagnostics);

    // The [UserLoader] steps.
    public const string Loaders = nameof(Loaders);
    public const string LoaderModels = nameof(LoaderModels);
    public const string LoaderDiagnostics = nameof(LoaderDiagnostics);

    public const string RequestLoaders = nameof(RequestLoaders);
    public const string RequestLoaderModels = nameof(RequestLoaderModels);
    public const string RequestLoaderDiagnostics = nameof(RequestLoaderDiagnostics);
    public const string HeaderLoaders = nameof(HeaderLoaders);
    public const string HeaderLoaderModels = nameof(HeaderLoaderModels);
    public const string HeaderLoaderDiagnostics = nameof(HeaderLoaderDiagnostics);

    public const string LoaderRegistration = nameof(LoaderRegistration);
    public const string LoadedUserTypes = nameof(LoadedUserTypes);
    public const string MissingLoaders = nameof(MissingLoaders);
    public const string DuplicateUserLoaders = nameof(DuplicateUserLoaders);
    public const string MapCalls = nameof(MapCalls);
    public const string MapCallDiagnostics = nameof(MapCallDiagnostics);
    public const string GuardedCalls = nameof(GuardedCalls);
    public const string RequestDelegateGenerator = nameof(RequestDelegateGenerator);
    public const string Guards = nameof(Guards);
    public const string RuntimeGuardDiagnostics = nameof(RuntimeGuardDiagnostics);

    // The LOGIN009 steps.
    public const string HandlerMethods = nameof(HandlerMethods);
    public const string LoginRequiredSites = nameof(LoginRequiredSites);
    public const string FreshLoginRequiredSites = nameof(FreshLoginRequiredSites);
    public const string MisplacedGuards = nameof(MisplacedGuards);
}
