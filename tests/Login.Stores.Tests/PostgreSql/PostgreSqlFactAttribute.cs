using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// A test that needs PostgreSQL. Skipped with a message naming what is missing on a developer machine without it
/// (xunit 2 cannot skip from inside a test); under <c>CI=true</c> it always runs, so a missing PostgreSQL fails the
/// build instead of quietly skipping every PostgreSQL test.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (PostgreSqlInstallation.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
