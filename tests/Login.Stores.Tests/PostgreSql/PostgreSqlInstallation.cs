namespace Login.Stores.Tests.PostgreSql;

/// <summary>
/// Debian's <c>postgresql</c> package, which the PostgreSQL tests start a private cluster from. Never a download: the
/// machines that run these tests install the package (<c>.ci/run</c> does).
/// </summary>
public static class PostgreSqlInstallation
{
    public const string PackageName = "postgresql";
    private const string Root = "/usr/lib/postgresql";
    private const string RunUser = "/usr/sbin/runuser";

    /// <summary>The newest installed server's bin folder (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>), or null.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>Whether the tests run as root and so start the cluster through <c>runuser -u postgres</c>.</summary>
    public static bool RunsAsRoot => Environment.UserName == "root";

    /// <summary>In CI a missing PostgreSQL is a broken machine, not a reason to skip: <c>.ci/run</c> installs it.</summary>
    public static bool IsRequired =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is missing to start a cluster, named so a developer can fix it; null when nothing is.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>Why a PostgreSQL test is skipped here, or null when it runs (always under <c>CI=true</c>).</summary>
    public static string? SkipReason => Missing is not null && !IsRequired ? Missing : null;

    private static string? FindMissing()
    {
        if (BinDirectory is null)
        {
            return $"PostgreSQL is missing: no {Root}/<version>/bin/initdb and pg_ctl. Install Debian's '{PackageName}' package (apt-get install -y {PackageName}).";
        }

        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            return $"The 'postgres' user is missing (Debian's '{PackageName}' package creates it); the tests run the private cluster as that user.";
        }

        if (!RunsAsRoot && Environment.UserName != "postgres")
        {
            return $"The PostgreSQL tests start their cluster as the 'postgres' user with {RunUser}, which needs root; run them as root or as postgres (running as '{Environment.UserName}').";
        }

        if (RunsAsRoot && !File.Exists(RunUser))
        {
            return $"{RunUser} is missing (Debian's 'util-linux' package); the tests start the cluster as the 'postgres' user with it.";
        }

        return null;
    }

    private static string? FindBinDirectory()
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
            .OrderByDescending(dir => int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture))
            .Select(dir => Path.Combine(dir, "bin"))
            .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")));
    }
}
