using System.Data.Common;
using System.Runtime.CompilerServices;
using Login.Sessions.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Login.Sqlite;

/// <summary>
/// Login families in a SQLite file: one machine, survives restarts. The schema is created on first use (see
/// <see cref="SqliteLoginSchema"/>), in WAL mode. Writes take SQLite's write lock (<c>BEGIN IMMEDIATE</c>), so a
/// rotation or an ending reads and writes atomically, and endings are numbered in commit order.
/// </summary>
/// <remarks>
/// Endings reach this store's watchers at once; endings by other processes on the same file are found by a poll of
/// the ending sequence every <see cref="PollInterval"/> (an indexed query that returns nothing when nothing ended).
/// </remarks>
internal sealed class SqliteLoginSessionStore : ILoginSessionStore
{
    private const string Columns = """
        id, user_id, created_at, last_seen_at, expires_at, remembered, user_agent, ip_address, ended_at,
        remember_token_id, previous_remember_token_id, remember_rotated_at, user_type
        """;

    // Duplicate endings (one from this process, one from the poll) are dropped among this many recent sequences.
    private const int RecentSequences = 8192;

    private readonly string _connectionString;
    private readonly string _application;
    private readonly string? _legacyUserType;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoginEndingHub _hub = new();
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    // Microsoft.Data.Sqlite works synchronously, and waits for a lock by sleeping the calling thread: a file locked from
    // outside would hold one thread-pool thread per waiting request, and starve unrelated requests (19.5 s seen). At most
    // this many threads ever wait on the file; the others wait asynchronously for a turn, no longer than the timeout.
    private const int MaxThreadsOnTheFile = 2;
    private readonly SemaphoreSlim _turns = new(MaxThreadsOnTheFile, MaxThreadsOnTheFile);
    private readonly TimeSpan _timeout;
    private volatile bool _schemaReady;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file.</param>
    /// <param name="time">The clock for polls and the schema's record; the system's by default.</param>
    /// <param name="logger">Where the store logs.</param>
    /// <param name="application">The application whose rows this store reads and writes (<see cref="LoginApplication"/>).</param>
    /// <param name="legacyUserType">
    /// The user type key the application's rows without one (written before Login kept user types) belong to: its only user
    /// type's (<see cref="LoginApplication.LegacyUserType"/>). Given to those rows at start, and they are listed as that
    /// type's; <see langword="null"/> (several user types) leaves them nobody's.
    /// </param>
    public SqliteLoginSessionStore(string connectionString, TimeProvider? time = null, ILogger<SqliteLoginSessionStore>? logger = null,
        string? application = null, string? legacyUserType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException(
                "The SQLite session store needs a file (\"Data Source=login.db\"): an in-memory SQLite database is lost when its last connection closes. Leave the store out for an in-memory one.",
                nameof(connectionString));
        }

        // Microsoft.Data.Sqlite waits 30 s for a locked file unless told otherwise; a request should not. The connection
        // string's own "Default Timeout" (seconds) wins.
        if (!builder.ShouldSerialize("Default Timeout"))
        {
            builder.DefaultTimeout = (int)DefaultTimeout.TotalSeconds;
        }

        _timeout = TimeSpan.FromSeconds(Math.Max(1, builder.DefaultTimeout));
        _connectionString = builder.ToString();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SqliteLoginSessionStore>.Instance;
        _application = application ?? LoginApplication.Unnamed;
        if (legacyUserType is not null)
        {
            LoginStoreRules.CheckUserType(legacyUserType, nameof(legacyUserType));
        }

        _legacyUserType = legacyUserType;
    }

    /// <summary>
    /// How long a request waits for a file locked by another process (or for its turn behind requests that do) before the
    /// store is "unavailable" (503), when the connection string sets no <c>Default Timeout</c>: 2 seconds.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How often a watcher asks the file for endings by other processes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken)
    {
        family = LoginStoreRules.ForCreate(family);
        return RunAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO login_families ({Columns}, app)
                VALUES ($id, $user, $created, $seen, $expires, $remembered, $agent, $ip, NULL, $token, NULL, NULL, $type, $app);
                """;
            insert.Parameters.AddWithValue("$app", _application);
            insert.Parameters.AddWithValue("$type", family.UserType);
            insert.Parameters.AddWithValue("$id", family.Id);
            insert.Parameters.AddWithValue("$user", family.UserId);
            insert.Parameters.AddWithValue("$created", family.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$seen", family.LastSeenAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$expires", family.ExpiresAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$remembered", family.Remembered ? 1 : 0);
            insert.Parameters.AddWithValue("$agent", (object?)family.UserAgent ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ip", (object?)family.IpAddress ?? DBNull.Value);
            insert.Parameters.AddWithValue("$token", (object?)family.RememberTokenId ?? DBNull.Value);
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteErrorCodes.ConstraintPrimaryKey)
            {
                throw new InvalidOperationException($"A login family with id {family.Id} exists.", ex);
            }

            return true;
        }, cancellationToken);
    }

    public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) =>
        RunAsync(connection => Find(connection, null, familyId), cancellationToken);

    public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        return RunAsync<IReadOnlyList<LoginFamily>>(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"""
                SELECT {Columns} FROM login_families
                WHERE app = $app AND {UserTypeIs(userType)} AND user_id = $user AND ended_at IS NULL AND expires_at > $now
                ORDER BY created_at DESC, id DESC;
                """;
            select.Parameters.AddWithValue("$app", _application);
            select.Parameters.AddWithValue("$type", userType);
            select.Parameters.AddWithValue("$user", userId);
            select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            using var reader = select.ExecuteReader();
            var families = new List<LoginFamily>();
            while (reader.Read())
            {
                families.Add(ReadFamily(reader));
            }

            return families;
        }, cancellationToken);
    }

    public async Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = LoginStoreRules.Millis(now);
        var endings = await RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var family = Find(connection, transaction, familyId);
            var endings = family is not null && family.IsLiveAt(now) ? End(connection, transaction, [family], now) : [];
            transaction.Commit();
            return endings;
        }, cancellationToken).ConfigureAwait(false);
        _hub.Publish(endings);
        return endings.Count > 0;
    }

    public async Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        now = LoginStoreRules.Millis(now);
        var endings = await RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT {Columns} FROM login_families
                WHERE app = $app AND {UserTypeIs(userType)} AND user_id = $user AND ended_at IS NULL AND expires_at > $now AND id IS NOT $except
                ORDER BY created_at, id;
                """;
            select.Parameters.AddWithValue("$app", _application);
            select.Parameters.AddWithValue("$type", userType);
            select.Parameters.AddWithValue("$user", userId);
            select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            select.Parameters.AddWithValue("$except", (object?)exceptFamilyId ?? DBNull.Value);
            var families = new List<LoginFamily>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    families.Add(ReadFamily(reader));
                }
            }

            var endings = End(connection, transaction, families, now);
            transaction.Commit();
            return endings;
        }, cancellationToken).ConfigureAwait(false);
        _hub.Publish(endings);
        return endings.ConvertAll(e => e.FamilyId);
    }

    public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken)
    {
        var merged = LoginStoreRules.Merge(touches);
        if (merged.Count == 0)
        {
            return Task.CompletedTask;
        }

        return RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE login_families
                SET last_seen_at = MAX(last_seen_at, $seen), expires_at = MAX(expires_at, COALESCE($expires, expires_at))
                WHERE id = $id AND app = $app AND ended_at IS NULL;
                """;
            update.Parameters.AddWithValue("$app", _application);
            var id = update.Parameters.Add("$id", SqliteType.Text);
            var seen = update.Parameters.Add("$seen", SqliteType.Integer);
            var expires = update.Parameters.Add("$expires", SqliteType.Integer);
            update.Prepare();
            foreach (var touch in merged)
            {
                id.Value = touch.FamilyId;
                seen.Value = touch.SeenAt.ToUnixTimeMilliseconds();
                expires.Value = touch.ExpiresAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    public async Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
        DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckId(newTokenId, nameof(newTokenId));
        now = LoginStoreRules.Millis(now);
        List<LoginFamilyEnding> endings = [];
        var rotation = await RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var family = Find(connection, transaction, familyId);
            var outcome = LoginStoreRules.Decide(family, presentedTokenId, now, grace);
            RememberTokenRotation rotation;
            switch (outcome)
            {
                case RememberTokenRotationOutcome.Rotated:
                    using (var update = connection.CreateCommand())
                    {
                        update.Transaction = transaction;
                        update.CommandText = """
                            UPDATE login_families
                            SET previous_remember_token_id = remember_token_id, remember_token_id = $token, remember_rotated_at = $now
                            WHERE id = $id AND app = $app;
                            """;
                        update.Parameters.AddWithValue("$id", familyId);
                        update.Parameters.AddWithValue("$app", _application);
                        update.Parameters.AddWithValue("$token", newTokenId);
                        update.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                        update.ExecuteNonQuery();
                    }

                    rotation = new(outcome, newTokenId, family! with
                    {
                        PreviousRememberTokenId = family.RememberTokenId, RememberTokenId = newTokenId, RememberRotatedAt = now,
                    });
                    break;
                case RememberTokenRotationOutcome.ReplayWithinGrace:
                    rotation = new(outcome, family!.RememberTokenId, family);
                    break;
                case RememberTokenRotationOutcome.Theft:
                    endings = End(connection, transaction, [family!], now);
                    rotation = new(outcome, null, family! with { EndedAt = now });
                    break;
                default:
                    rotation = new(outcome, null, family);
                    break;
            }

            transaction.Commit();
            return rotation;
        }, cancellationToken).ConfigureAwait(false);
        _hub.Publish(endings);
        return rotation;
    }

    public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckLimit(limit);
        return RunAsync(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT id, expires_at, ended_seq, ended_at FROM login_families
                WHERE app = $app AND ended_seq > $cursor ORDER BY ended_seq LIMIT $take;
                """;
            select.Parameters.AddWithValue("$app", _application);
            select.Parameters.AddWithValue("$cursor", cursor);
            select.Parameters.AddWithValue("$take", limit + 1L);
            using var reader = select.ExecuteReader();
            var endings = new List<LoginFamilyEnding>();
            var hasMore = false;
            while (reader.Read())
            {
                if (endings.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                endings.Add(new(reader.GetString(0), Time(reader.GetInt64(1)), reader.GetInt64(2), Time(reader.GetInt64(3))));
            }

            return new LoginEndingsPage(endings, endings.Count > 0 ? endings[^1].Sequence : cursor, hasMore);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = _hub.Subscribe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = PollAsync(queue, stop.Token);
        var recent = new HashSet<long>();
        var recentOrder = new Queue<long>();
        try
        {
            await foreach (var notice in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (notice.Kind == LoginEndingNoticeKind.Ended && notice.Sequence > 0)
                {
                    if (!recent.Add(notice.Sequence))
                    {
                        continue;
                    }

                    recentOrder.Enqueue(notice.Sequence);
                    if (recentOrder.Count > RecentSequences)
                    {
                        recent.Remove(recentOrder.Dequeue());
                    }
                }

                yield return notice;
            }
        }
        finally
        {
            _hub.Unsubscribe(queue);
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await poll.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        RunAsync(connection =>
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM login_families WHERE app = $app AND expires_at < $before AND (ended_at IS NULL OR ended_at < $endedBefore);";
            delete.Parameters.AddWithValue("$app", _application);
            delete.Parameters.AddWithValue("$before", expiredBefore.ToUnixTimeMilliseconds());
            delete.Parameters.AddWithValue("$endedBefore", endedBefore.ToUnixTimeMilliseconds());
            return delete.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Applies the schema (once per store instance); exposed for tests that start two stores at once.</summary>
    internal async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await RunAsync(_ => true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A watcher's view of other processes: reads the ending sequence, then every <see cref="PollInterval"/> the
    /// endings after it. Reports <see cref="LoginEndingNoticeKind.Connected"/> once the sequence is read, and
    /// <see cref="LoginEndingNoticeKind.Disconnected"/> / <see cref="LoginEndingNoticeKind.Reconnected"/> around a
    /// file that cannot be read.
    /// </summary>
    private async Task PollAsync(LoginEndingQueue queue, CancellationToken cancellationToken)
    {
        long? cursor = null;
        var everConnected = false;
        var connected = false;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (cursor is null)
                {
                    cursor = await RunAsync(ReadSequence, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    LoginEndingsPage page;
                    do
                    {
                        page = await GetEndedSinceAsync(cursor.Value, 512, cancellationToken).ConfigureAwait(false);
                        foreach (var ending in page.Endings)
                        {
                            queue.Post(LoginEndingNotice.Ended(ending.FamilyId, ending.Sequence));
                        }

                        cursor = page.Cursor;
                    }
                    while (page.HasMore);
                }

                if (!connected)
                {
                    queue.Post(LoginEndingNotice.Of(everConnected ? LoginEndingNoticeKind.Reconnected : LoginEndingNoticeKind.Connected));
                    if (failures > 0)
                    {
                        LoginStoreLog.WatchReconnected(_logger, "SQLite", failures);
                    }

                    everConnected = connected = true;
                    failures = 0;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Any failure, not only an unreadable file: a poll that gave up would leave this process blind to the
                // others' logouts. Reported once per outage (and at start if the file cannot be read then).
                if (failures++ == 0)
                {
                    LoginStoreLog.WatchDisconnected(_logger, "SQLite", ex);
                    queue.Post(LoginEndingNotice.Of(LoginEndingNoticeKind.Disconnected));
                }

                connected = false;
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long ReadSequence(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM login_counters WHERE name = 'ended';";
        return (long)select.ExecuteScalar()!;
    }

    /// <summary>Ends live families inside the caller's write transaction: the next sequence numbers, in order.</summary>
    private static List<LoginFamilyEnding> End(SqliteConnection connection, SqliteTransaction transaction, List<LoginFamily> families, DateTimeOffset now)
    {
        if (families.Count == 0)
        {
            return [];
        }

        long last;
        using (var counter = connection.CreateCommand())
        {
            counter.Transaction = transaction;
            counter.CommandText = "UPDATE login_counters SET value = value + $count WHERE name = 'ended' RETURNING value;";
            counter.Parameters.AddWithValue("$count", (long)families.Count);
            last = (long)counter.ExecuteScalar()!;
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE login_families SET ended_at = $now, ended_seq = $seq WHERE id = $id;"; // ids found in this app's rows
        var id = update.Parameters.Add("$id", SqliteType.Text);
        var seq = update.Parameters.Add("$seq", SqliteType.Integer);
        update.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var endings = new List<LoginFamilyEnding>(families.Count);
        var next = last - families.Count;
        foreach (var family in families)
        {
            id.Value = family.Id;
            seq.Value = ++next;
            update.ExecuteNonQuery();
            endings.Add(new(family.Id, family.ExpiresAt, next, now));
        }

        return endings;
    }

    private LoginFamily? Find(SqliteConnection connection, SqliteTransaction? transaction, string familyId)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {Columns} FROM login_families WHERE id = $id AND app = $app;";
        select.Parameters.AddWithValue("$id", familyId);
        select.Parameters.AddWithValue("$app", _application);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadFamily(reader) : null;
    }

    private static LoginFamily ReadFamily(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        UserId = reader.GetString(1),
        CreatedAt = Time(reader.GetInt64(2)),
        LastSeenAt = Time(reader.GetInt64(3)),
        ExpiresAt = Time(reader.GetInt64(4)),
        Remembered = reader.GetInt64(5) != 0,
        UserAgent = reader.IsDBNull(6) ? null : reader.GetString(6),
        IpAddress = reader.IsDBNull(7) ? null : reader.GetString(7),
        EndedAt = reader.IsDBNull(8) ? null : Time(reader.GetInt64(8)),
        RememberTokenId = reader.IsDBNull(9) ? null : reader.GetString(9),
        PreviousRememberTokenId = reader.IsDBNull(10) ? null : reader.GetString(10),
        RememberRotatedAt = reader.IsDBNull(11) ? null : Time(reader.GetInt64(11)),
        UserType = reader.IsDBNull(12) ? null : reader.GetString(12),
    };

    /// <summary>
    /// The condition on <c>user_type</c> for <paramref name="userType"/> (bound as <c>$type</c>): the exact key, and for the
    /// app's only user type also rows without one (an instance of the previous version may write them until it stops;
    /// the next start gives them the key). Both are ranges of the (app, user_type, user_id) index.
    /// </summary>
    private string UserTypeIs(string userType) =>
        string.Equals(userType, _legacyUserType, StringComparison.Ordinal) ? "(user_type = $type OR user_type IS NULL)" : "user_type = $type";

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    /// <summary>
    /// Runs <paramref name="operation"/> on an open connection, after the schema; a file that cannot be opened, or stays
    /// locked past the connection's timeout, becomes <see cref="LoginStoreUnavailableException"/>. Microsoft.Data.Sqlite
    /// does its work synchronously whatever the method's name, so the operation is synchronous too.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!await _turns.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new LoginStoreUnavailableException(
                $"The SQLite session store ({new SqliteConnectionStringBuilder(_connectionString).DataSource}) is busy: no turn on the file within {_timeout.TotalSeconds:0.#} s (locked by another process?).");
        }

        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            if (!_schemaReady)
            {
                await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return operation(connection);
        }
        catch (SqliteException ex) when (SqliteErrorCodes.MeansUnavailable(ex))
        {
            throw new LoginStoreUnavailableException($"The SQLite session store ({new SqliteConnectionStringBuilder(_connectionString).DataSource}) cannot be used now: {ex.Message}", ex);
        }
        finally
        {
            _turns.Release();
        }
    }

    private async Task CreateSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                var (found, typed) = SqliteLoginSchema.Apply(connection, _time.GetUtcNow(), _application, _legacyUserType);
                if (found < SqliteLoginSchema.Version)
                {
                    LoginStoreLog.SchemaCreated(_logger, "SQLite", SqliteLoginSchema.Version);
                }

                if (typed > 0)
                {
                    LoginStoreLog.LegacyLoginsTyped(_logger, "SQLite", typed, _legacyUserType!);
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
