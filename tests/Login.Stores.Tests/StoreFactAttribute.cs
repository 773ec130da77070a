using Xunit;
using Xunit.Sdk;

namespace Login.Stores.Tests;

/// <summary>
/// A contract test, declared once on an abstract suite and run by every store's test class. A fact attribute cannot
/// see which class it runs in, so <see cref="StoreFactDiscoverer"/> decides: a class marked
/// <see cref="PostgreSql.RequiresPostgreSqlAttribute"/> skips the test where PostgreSQL is missing and CI is not set.
/// </summary>
[XunitTestCaseDiscoverer("Login.Stores.Tests.StoreFactDiscoverer", "Login.Stores.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
