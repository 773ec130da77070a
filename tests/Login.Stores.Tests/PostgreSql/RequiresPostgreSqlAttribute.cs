namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// Marks a test class whose inherited <see cref="StoreFactAttribute">[StoreFact]</see>s need PostgreSQL: they are
/// skipped, or fail under <c>CI=true</c>, as <see cref="PostgreSqlFactAttribute"/> says.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute;
