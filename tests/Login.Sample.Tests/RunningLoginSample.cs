namespace Login.Sample.Tests;

/// <summary>
/// The real sample (samples/Login.Sample) on Kestrel, as a user of <c>dotnet run</c> sees it: real sockets, real cookies,
/// the real antiforgery setup. Its users and logins live in memory, so it has no data folder to move.
/// </summary>
public sealed class RunningLoginSample() : RunningSample("LoginSampleAssemblyPath", dataDirectoryVariable: null, "login-sample-tests-");
