namespace Login.WebApp.Tests;

/// <summary>The web sample (samples/Login.WebApp) on Kestrel, with its data in a temporary folder.</summary>
public sealed class RunningWebApp() : RunningSample("LoginWebAppAssemblyPath", "WebApp__DataDirectory", "login-webapp-tests-");
