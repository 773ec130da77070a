using Xunit;

namespace Login.WebApp.Tests;

/// <summary>
/// The web sample as it runs in production (no developer exception page), for what production visitors see when the
/// server fails. Its own app and database: the tests break it.
/// </summary>
public sealed class RunningWebAppInProduction() : RunningSample("LoginWebAppAssemblyPath", "WebApp__DataDirectory", "login-webapp-prod-tests-")
{
    protected override string EnvironmentName => "Production";
}

[CollectionDefinition(Name)]
public sealed class ProductionWebAppCollection : ICollectionFixture<RunningWebAppInProduction>
{
    public const string Name = "Login.WebApp in Production";
}
