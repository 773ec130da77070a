using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Login.Samples.Accounts;

/// <summary>
/// What both samples set up the same way: the data folder, the users (<see cref="UserStore"/>), the DataProtection keys
/// on disk, and Login with its logins in SQLite beside the users.
/// </summary>
public static class SampleAccountsSetup
{
    /// <summary>
    /// Adds the accounts and Login. <paramref name="dataDirectoryKey"/> is the setting that moves the data folder (the
    /// tests point it at a temporary one); <paramref name="applicationName"/> isolates this app's cookies from another
    /// app's that shares the keys. Call <see cref="UserStore.CreateSchemaAsync"/> once the app is built.
    /// </summary>
    /// <returns>Login's builder, for more of Login's setup.</returns>
    public static LoginBuilder AddSampleAccounts(
        this WebApplicationBuilder builder, string dataDirectoryKey, string applicationName, Action<LoginOptions> configureLogin)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = AppStorage.Create(builder.Configuration, builder.Environment, dataDirectoryKey);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserStore>();

        // Keys on disk: without them a restart makes every session and remember cookie unreadable. They are stored
        // unencrypted (DataProtection logs a warning saying so); a production app adds ProtectKeysWith... as well.
        builder.Services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(storage.KeysDirectory));

        // Called from this library, so its [UserLoader]s (registered when the library is first used) are known to AddLogin.
        return builder.Services.AddLogin(configureLogin).AddSqliteStore(storage.LoginsConnectionString);
    }
}
