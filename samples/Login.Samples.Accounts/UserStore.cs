using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Login.Samples.Accounts;

/// <summary>
/// The users, in SQLite: email, password hash (<see cref="PasswordHasher{TUser}"/>), API key. Login stores none of
/// this; it only remembers which id is logged in, and asks <see cref="FindByIdAsync"/> for the user.
/// </summary>
public sealed class UserStore
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE

    private readonly string _connectionString;
    // PasswordHasher<T> never reads the user it is given, so null is passed where there is no user yet.
    private readonly PasswordHasher<User> _hasher = new();
    private readonly IDataProtector _apiKeyProtector;
    private readonly TimeProvider _time;

    // Checked against when the email is unknown, so a wrong email costs as long as a wrong password and the response
    // time does not tell which addresses have accounts.
    private readonly Lazy<string> _unknownUserHash;

    public UserStore(AppStorage storage, IDataProtectionProvider dataProtection, TimeProvider time)
    {
        _connectionString = storage.UsersConnectionString;
        _apiKeyProtector = dataProtection.CreateProtector("Login.WebApp.ApiKeys.v1");
        _time = time;
        _unknownUserHash = new(() => _hasher.HashPassword(null!, ApiKeys.Generate()));
    }

    /// <summary>Creates the tables on first start; harmless afterwards.</summary>
    public async Task CreateSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                email             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
                password_hash     TEXT    NOT NULL,
                api_key_hash      TEXT    NOT NULL UNIQUE,
                api_key_protected TEXT    NOT NULL,
                is_active         INTEGER NOT NULL DEFAULT 1,
                created_at        TEXT    NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Registration> RegisterAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var apiKey = ApiKeys.Generate();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (email, password_hash, api_key_hash, api_key_protected, created_at)
            VALUES ($email, $hash, $keyHash, $keyProtected, $createdAt)
            """;
        command.Parameters.AddWithValue("$email", email);
        command.Parameters.AddWithValue("$hash", _hasher.HashPassword(null!, password));
        command.Parameters.AddWithValue("$keyHash", ApiKeys.Hash(apiKey));
        command.Parameters.AddWithValue("$keyProtected", _apiKeyProtector.Protect(apiKey));
        command.Parameters.AddWithValue("$createdAt", _time.GetUtcNow());
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return Registration.Created;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            // The unique index decides, so two registrations racing for one address cannot both win.
            return Registration.EmailTaken;
        }
    }

    public async Task<User?> FindByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, is_active, created_at FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await ReadUserAsync(command, cancellationToken);
    }

    public async Task<User?> FindByApiKeyAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        if (!apiKey.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) || apiKey.Length > 100)
        {
            return null;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, is_active, created_at FROM users WHERE api_key_hash = $keyHash";
        command.Parameters.AddWithValue("$keyHash", ApiKeys.Hash(apiKey));
        return await ReadUserAsync(command, cancellationToken);
    }

    /// <summary>The user with this email and password, or <c>null</c>; an inactive user is returned (the caller tells them).</summary>
    public async Task<User?> CheckPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, is_active, created_at, password_hash FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", email.Trim());
        User user;
        string hash;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                _hasher.VerifyHashedPassword(null!, _unknownUserHash.Value, password);
                return null;
            }

            user = ReadUser(reader);
            hash = reader.GetString(4);
        }

        return await VerifyAsync(connection, user, hash, password, cancellationToken) ? user : null;
    }

    /// <summary>Whether <paramref name="password"/> is the user's password (re-authentication).</summary>
    public async Task<bool> CheckPasswordAsync(User user, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", user.Id);
        return await command.ExecuteScalarAsync(cancellationToken) is string hash
            && await VerifyAsync(connection, user, hash, password, cancellationToken);
    }

    /// <summary>
    /// Sets a new password and, in the same statement, a new API key: a key copied by someone who had the old password
    /// (or a browser still logged in with it) stops working with it. Returns the new key.
    /// </summary>
    public async Task<string> ChangePasswordAsync(User user, string newPassword, CancellationToken cancellationToken = default)
    {
        var apiKey = ApiKeys.Generate();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE users SET password_hash = $hash, api_key_hash = $keyHash, api_key_protected = $keyProtected
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$hash", _hasher.HashPassword(user, newPassword));
        command.Parameters.AddWithValue("$keyHash", ApiKeys.Hash(apiKey));
        command.Parameters.AddWithValue("$keyProtected", _apiKeyProtector.Protect(apiKey));
        command.Parameters.AddWithValue("$id", user.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return apiKey;
    }

    /// <summary>The user's API key; <c>null</c> if it can no longer be decrypted (the key ring was lost): make a new one.</summary>
    public async Task<string?> GetApiKeyAsync(User user, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT api_key_protected FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", user.Id);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string protectedKey)
        {
            return null;
        }

        try
        {
            return _apiKeyProtector.Unprotect(protectedKey);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Replaces the user's API key; the old one stops working at once.</summary>
    public async Task<string> ReplaceApiKeyAsync(User user, CancellationToken cancellationToken = default)
    {
        var apiKey = ApiKeys.Generate();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET api_key_hash = $keyHash, api_key_protected = $keyProtected WHERE id = $id";
        command.Parameters.AddWithValue("$keyHash", ApiKeys.Hash(apiKey));
        command.Parameters.AddWithValue("$keyProtected", _apiKeyProtector.Protect(apiKey));
        command.Parameters.AddWithValue("$id", user.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return apiKey;
    }

    private async Task<bool> VerifyAsync(SqliteConnection connection, User user, string hash, string password, CancellationToken cancellationToken)
    {
        switch (_hasher.VerifyHashedPassword(user, hash, password))
        {
            case PasswordVerificationResult.Success:
                return true;
            case PasswordVerificationResult.SuccessRehashNeeded:
                // Hashed with older settings: store it the current way now that the password is at hand.
                await UpdateHashAsync(connection, user, _hasher.HashPassword(user, password), cancellationToken);
                return true;
            default:
                return false;
        }
    }

    private static async Task UpdateHashAsync(SqliteConnection connection, User user, string hash, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $hash WHERE id = $id";
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$id", user.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<User?> ReadUserAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    private static User ReadUser(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt32(0),
        Email = reader.GetString(1),
        IsActive = reader.GetBoolean(2),
        CreatedAt = reader.GetDateTimeOffset(3),
    };
}
