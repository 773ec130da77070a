namespace Login.BlazorApp.Tests;

/// <summary>The Blazor sample (samples/Login.BlazorApp) on Kestrel at 127.0.0.1, with its data in a temporary folder.</summary>
public sealed class RunningBlazorApp() : RunningSample("LoginBlazorAppAssemblyPath", "BlazorApp__DataDirectory", "login-blazorapp-tests-");

/// <summary>One running app for every test class: the tests share the process and its demo accounts.</summary>
[CollectionDefinition(Name)]
public sealed class BlazorAppCollection : ICollectionFixture<RunningBlazorApp>
{
    public const string Name = "Login.BlazorApp";
}
