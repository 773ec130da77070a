using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// Every test that needs PostgreSQL shares one private cluster per test run. They run on their own, after the other
/// tests of this assembly: the two-instance, outage and soak tests load the machine, and tests beside them would
/// measure the machine rather than the store.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "PostgreSQL";
}
