using Login;
using Login.Sessions.Store;
using Login.Sqlite;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps Login's login families in SQLite.</summary>
public static class SqliteLoginBuilderExtensions
{
    /// <summary>
    /// Keeps login families (one per login, ended by logout) in a SQLite file, so logouts survive restarts: for an app
    /// on one machine. The schema is created on first use, safely when two processes start at once, in WAL mode;
    /// expired families are pruned in the background. Processes sharing the file see each other's logouts within a
    /// second. For several machines use <c>AddPostgreSqlStore</c>. Rows belong to one application
    /// (<c>LoginOptions.ApplicationName</c>, else DataProtection's application name): apps sharing the file never see
    /// each other's logins.
    /// </summary>
    /// <remarks>
    /// A request waits for a file locked by another process at most the connection string's <c>Default Timeout</c>
    /// (2 seconds unless it sets one; Microsoft.Data.Sqlite's own default is 30), then the store counts as unavailable and
    /// the request is answered 503 with <c>Retry-After</c>. At most two threads ever wait on the file, so a lock held
    /// from outside never starves the thread pool of the requests that do not need the store.
    /// </remarks>
    /// <param name="builder">What <c>AddLogin</c> returned.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, such as <c>"Data Source=login.db"</c>.</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    public static LoginBuilder AddSqliteStore(this LoginBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Checked here, not at the first login: a memory database or an empty string is a mistake at startup.
        _ = new SqliteLoginSessionStore(connectionString);
        return builder.AddSessionStore(services =>
        {
            var application = services.GetRequiredService<LoginApplication>();
            return new SqliteLoginSessionStore(
                connectionString,
                services.GetService<TimeProvider>(),
                services.GetService<ILogger<SqliteLoginSessionStore>>(),
                application.Name,
                application.LegacyUserType);
        });
    }
}
