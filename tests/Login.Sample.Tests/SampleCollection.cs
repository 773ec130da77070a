using Xunit;

namespace Login.Sample.Tests;

/// <summary>
/// One running sample for every test class: starting it costs seconds, and the tests share nothing but the
/// process, since each one uses its own client and cookies.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<RunningLoginSample>
{
    public const string Name = "Login.Sample";
}
