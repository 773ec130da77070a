using Login;
using Login.PostgreSql;
using Login.Sessions.Store;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps Login's login families, and the DataProtection key ring, in PostgreSQL.</summary>
public static class PostgreSqlLoginBuilderExtensions
{
    /// <summary>
    /// Keeps login families (one per login, ended by logout) in PostgreSQL, for an app on several instances: an ending
    /// reaches every instance by LISTEN/NOTIFY, and an instance that loses the database catches up when it is back. Also
    /// keeps the DataProtection key ring in the database (it replaces any <c>PersistKeysTo…</c> made before this call),
    /// so instances share keys; give them one application name with <c>AddDataProtection().SetApplicationName(…)</c>.
    /// The schema is created on first use, safely when instances start at once; expired families are pruned in the
    /// background. Rows and keys belong to one application (<c>LoginOptions.ApplicationName</c>, else DataProtection's
    /// application name): apps sharing the database never see each other's logins or keys.
    /// </summary>
    /// <param name="builder">What <c>AddLogin</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string. The user needs to create tables in its default schema on first start.</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    public static LoginBuilder AddPostgreSqlStore(this LoginBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        // Parsed here, so a malformed connection string fails at startup rather than at the first login.
        _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);

        builder.Services.RemoveAll<PostgreSqlLoginDatabase>();
        builder.Services.AddSingleton(services =>
        {
            var application = services.GetRequiredService<LoginApplication>();
            return new PostgreSqlLoginDatabase(
                connectionString, services.GetService<TimeProvider>(), services.GetService<ILogger<PostgreSqlLoginDatabase>>(),
                application.Name, application.LegacyUserType);
        });
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<PostgreSqlLoginDatabase>((options, database) => options.XmlRepository = new PostgreSqlXmlRepository(database));
        return builder.AddSessionStore(services => new PostgreSqlLoginSessionStore(
            services.GetRequiredService<PostgreSqlLoginDatabase>(), services.GetService<ILogger<PostgreSqlLoginSessionStore>>()));
    }
}
