using Xunit;

namespace Login.Stores.Tests.PostgreSql;

/// <summary>A theory that needs PostgreSQL: skipped, or failed under <c>CI=true</c>, as <see cref="PostgreSqlFactAttribute"/> says.</summary>
public sealed class PostgreSqlTheoryAttribute : TheoryAttribute
{
    public PostgreSqlTheoryAttribute()
    {
        if (PostgreSqlInstallation.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
