using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Login.Samples.Accounts;

/// <summary>
/// Where an app keeps its files: the users database, the login records and the DataProtection keys, all in one
/// folder (a setting such as <c>WebApp:DataDirectory</c>, default <c>App_Data</c> under the content root, which git
/// ignores). The tests point it at a temporary folder, so they never touch a developer's data.
/// </summary>
public sealed class AppStorage
{
    private const string DefaultDataDirectory = "App_Data";

    private AppStorage(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        KeysDirectory = Path.Combine(dataDirectory, "keys");
        UsersConnectionString = ConnectionString(Path.Combine(dataDirectory, "users.db"));
        LoginsConnectionString = ConnectionString(Path.Combine(dataDirectory, "logins.db"));
    }

    /// <summary>The folder itself, as an absolute path.</summary>
    public string DataDirectory { get; }

    /// <summary>The DataProtection key ring: without it on disk, a restart would make every cookie unreadable.</summary>
    public string KeysDirectory { get; }

    /// <summary>The application's own database: users, password hashes, API keys.</summary>
    public string UsersConnectionString { get; }

    /// <summary>Login's records of who is logged in where (<c>AddSqliteStore</c>).</summary>
    public string LoginsConnectionString { get; }

    /// <summary>
    /// Reads the folder from the setting <paramref name="dataDirectoryKey"/> and creates it (and the keys folder) if it
    /// is not there yet.
    /// </summary>
    public static AppStorage Create(IConfiguration configuration, IHostEnvironment environment, string dataDirectoryKey)
    {
        var configured = configuration[dataDirectoryKey];
        var directory = Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : configured,
            environment.ContentRootPath);
        var storage = new AppStorage(directory);
        Directory.CreateDirectory(storage.KeysDirectory);
        return storage;
    }

    private static string ConnectionString(string file) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file }.ToString();
}
