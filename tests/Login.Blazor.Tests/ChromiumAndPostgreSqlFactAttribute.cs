using Login.Stores.Tests.PostgreSql;

namespace Login.Blazor.Tests;

/// <summary>
/// A test that needs Debian's Chromium and Debian's PostgreSQL (a private cluster it starts as the postgres user).
/// Skipped with a message naming what is missing on a developer machine without them; under <c>CI=true</c> it always
/// runs, so a missing browser or database fails the build instead of quietly skipping.
/// </summary>
public sealed class ChromiumAndPostgreSqlFactAttribute : FactAttribute
{
    public ChromiumAndPostgreSqlFactAttribute()
    {
        if (!DebianChromium.IsInstalled && !DebianChromium.IsRequired)
        {
            Skip = DebianChromium.MissingMessage;
        }
        else if (PostgreSqlInstallation.SkipReason is { } missing)
        {
            Skip = missing;
        }
    }
}
