using Xunit;

namespace Login.WebApp.Tests;

/// <summary>One running app for every test class: the tests share the process and its database, never an account.</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<RunningWebApp>
{
    public const string Name = "Login.WebApp";
}
