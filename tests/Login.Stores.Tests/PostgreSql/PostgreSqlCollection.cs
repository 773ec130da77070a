using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>Every test that needs PostgreSQL shares one private cluster per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "PostgreSQL";
}
