using Login.Sessions.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Login.PostgreSql;

/// <summary>
/// The database the PostgreSQL store and the key ring share: one pooled <see cref="NpgsqlDataSource"/>, the schema
/// applied once per process before first use, and one rule for failures.
/// </summary>
/// <remarks>
/// A failure that PostgreSQL or Npgsql calls transient (connection refused or reset, the server shutting down or
/// starting, a deadlock) is tried once more on a fresh connection, since after a server restart every pooled connection
/// is broken and the pool is cleared on first use; it is never tried again once the COMMIT was sent, because the
/// first attempt may have committed. A second failure becomes <see cref="LoginStoreUnavailableException"/>.
/// </remarks>
internal sealed class PostgreSqlLoginDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The LISTEN/NOTIFY channel of endings; the payload is the family id, a line feed and the application (an older
    /// version of the code sends the id alone).
    /// </summary>
    public const string EndingsChannel = "login_ended";

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="time">The clock for retries and the schema's record; the system's by default.</param>
    /// <param name="logger">Where the database logs.</param>
    /// <param name="application">The application whose rows the store and the key ring read and write (<see cref="LoginApplication"/>).</param>
    /// <param name="legacyUserType">
    /// The user type key the application's rows without one (written before Login kept user types) belong to: its only user
    /// type's (<see cref="LoginApplication.LegacyUserType"/>). Given to those rows at start, and they are listed as that
    /// type's; <see langword="null"/> (several user types) leaves them nobody's.
    /// </param>
    public PostgreSqlLoginDatabase(string connectionString, TimeProvider? time = null, ILogger<PostgreSqlLoginDatabase>? logger = null,
        string? application = null, string? legacyUserType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);

        // The listener holds its connection for hours: outside the pool, and quick to notice a dead server.
        var listen = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, TcpKeepAlive = true };
        listen.CommandTimeout = Math.Min(listen.CommandTimeout, 10);
        listen.Timeout = Math.Min(listen.Timeout, 10);
        ListenConnectionString = listen.ConnectionString;
        Description = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgreSqlLoginDatabase>.Instance;
        Application = application ?? LoginApplication.Unnamed;
        if (legacyUserType is not null)
        {
            LoginStoreRules.CheckUserType(legacyUserType, nameof(legacyUserType));
        }

        LegacyUserType = legacyUserType;
    }

    /// <summary>The application whose rows this process reads and writes: every statement is scoped to it.</summary>
    public string Application { get; }

    /// <summary>The user type key of the application's rows without one, or <see langword="null"/>; see the constructor.</summary>
    public string? LegacyUserType { get; }

    public NpgsqlDataSource DataSource { get; }

    public string ListenConnectionString { get; }

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string Description { get; }

    public TimeProvider Time => _time;

    /// <summary>Runs a read (or an idempotent statement) on a pooled connection.</summary>
    public Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync((connection, _, ct) => operation(connection, ct), transactional: false, cancellationToken);

    /// <summary>Runs <paramref name="operation"/> in a transaction, then commits it; the operation must not commit.</summary>
    public Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync((connection, transaction, ct) => operation(connection, transaction!, ct), transactional: true, cancellationToken);

    /// <summary>The synchronous path, for <c>IXmlRepository</c> (DataProtection's key ring API is synchronous).</summary>
    /// <param name="operation">The statement to run, autocommitted.</param>
    /// <param name="retry">Whether a transient failure may be tried again: only for reads, since an INSERT that failed
    /// while its reply was on the way may have happened.</param>
    public T Run<T>(Func<NpgsqlConnection, T> operation, bool retry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = DataSource.OpenConnection();
                if (!_schemaReady)
                {
                    CreateSchemaAsync(connection, sync: true, CancellationToken.None).GetAwaiter().GetResult();
                }

                return operation(connection);
            }
            catch (NpgsqlException ex) when (PostgreSqlErrors.MeansUnavailable(ex))
            {
                if (attempt == 2 || !retry)
                {
                    throw Unavailable(ex);
                }

                DataSource.Clear();
            }
        }
    }

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => ReadAsync((_, _) => Task.FromResult(true), cancellationToken);

    public LoginStoreUnavailableException Unavailable(Exception exception) =>
        new($"The PostgreSQL session store ({Description}) cannot be reached: {exception.Message}", exception);

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, CancellationToken, Task<T>> operation, bool transactional,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                if (!_schemaReady)
                {
                    await CreateSchemaAsync(connection, sync: false, cancellationToken).ConfigureAwait(false);
                }

                if (!transactional)
                {
                    return await operation(connection, null, cancellationToken).ConfigureAwait(false);
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await operation(connection, transaction, cancellationToken).ConfigureAwait(false);
                committing = true;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (NpgsqlException ex) when (PostgreSqlErrors.MeansUnavailable(ex))
            {
                if (attempt == 2 || committing)
                {
                    throw Unavailable(ex);
                }

                DataSource.Clear();
            }
        }
    }

    private async Task CreateSchemaAsync(NpgsqlConnection connection, bool sync, CancellationToken cancellationToken)
    {
        if (sync)
        {
            _schemaGate.Wait(cancellationToken);
        }
        else
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (!_schemaReady)
            {
                var (found, typed) = await PostgreSqlLoginSchema.ApplyAsync(connection, LoginStoreRules.Millis(_time.GetUtcNow()), Application,
                    LegacyUserType, sync, cancellationToken).ConfigureAwait(false);
                if (found < PostgreSqlLoginSchema.Version)
                {
                    LoginStoreLog.SchemaCreated(_logger, "PostgreSQL", PostgreSqlLoginSchema.Version);
                }

                if (typed > 0)
                {
                    LoginStoreLog.LegacyLoginsTyped(_logger, "PostgreSQL", typed, LegacyUserType!);
                }

                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
