using System.Runtime.CompilerServices;
using Login.Sessions.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Login.PostgreSql;

/// <summary>
/// Login families in PostgreSQL, shared by every instance of the app. Endings are published with NOTIFY on
/// <see cref="PostgreSqlLoginDatabase.EndingsChannel"/> in the ending's own transaction (delivered at commit, never
/// for a rolled-back ending), and <see cref="WatchEndingsAsync"/> LISTENs on a connection of its own.
/// </summary>
/// <remarks>
/// Ending transactions lock the families' rows first and the <c>login_counters</c> row last, so endings are numbered
/// in commit order: a reader that sees sequence <c>n</c> committed sees every ending before it.
/// </remarks>
internal sealed class PostgreSqlLoginSessionStore(PostgreSqlLoginDatabase database, ILogger<PostgreSqlLoginSessionStore>? logger = null)
    : ILoginSessionStore
{
    private const string Columns = """
        id, user_id, created_at, last_seen_at, expires_at, remembered, user_agent, ip_address, ended_at,
        remember_token_id, previous_remember_token_id, remember_rotated_at, user_type
        """;

    private readonly ILogger _logger = logger ?? NullLogger<PostgreSqlLoginSessionStore>.Instance;

    /// <summary>The database this store reads and writes (shared with the key ring).</summary>
    internal PostgreSqlLoginDatabase Database => database;

    /// <summary>The first wait before a lost LISTEN connection is opened again; doubled on each failure up to <see cref="ListenRetryMaxDelay"/>.</summary>
    public TimeSpan ListenRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan ListenRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the LISTEN connection may be quiet before it is pinged, so a silently dead connection is noticed.</summary>
    public TimeSpan ListenKeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    public Task CreateAsync(LoginFamily family, CancellationToken cancellationToken)
    {
        family = LoginStoreRules.ForCreate(family);
        return database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO login_families ({Columns}, app)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, NULL, NULL, $11, $10);
                """, connection, transaction)
            {
                Parameters =
                {
                    Text(family.Id), Text(family.UserId), Time(family.CreatedAt), Time(family.LastSeenAt), Time(family.ExpiresAt),
                    new() { Value = family.Remembered }, Text(family.UserAgent), Text(family.IpAddress), Text(family.RememberTokenId),
                    Text(database.Application), Text(family.UserType),
                },
            };
            try
            {
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new InvalidOperationException($"A login family with id {family.Id} exists.", ex);
            }

            return true;
        }, cancellationToken);
    }

    public Task<LoginFamily?> FindAsync(string familyId, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => FindAsync(connection, null, familyId, forUpdate: false, ct), cancellationToken);

    public Task<IReadOnlyList<LoginFamily>> ListLiveAsync(string userType, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        return database.ReadAsync<IReadOnlyList<LoginFamily>>(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand($"""
                SELECT {Columns} FROM login_families
                WHERE app = $3 AND {UserTypeIs(userType, "$4")} AND user_id = $1 AND ended_at IS NULL AND expires_at > $2
                ORDER BY created_at DESC, id DESC;
                """, connection)
            {
                Parameters = { Text(userId), Time(now), Text(database.Application), Text(userType) },
            };
            return await ReadFamiliesAsync(select, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<bool> EndAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = LoginStoreRules.Millis(now);
        var ended = await database.WriteAsync(async (connection, transaction, ct) =>
        {
            var family = await FindAsync(connection, transaction, familyId, forUpdate: true, ct).ConfigureAwait(false);
            return family is not null && family.IsLiveAt(now)
                ? await EndAsync(connection, transaction, [family], now, ct).ConfigureAwait(false)
                : 0;
        }, cancellationToken).ConfigureAwait(false);
        return ended > 0;
    }

    public Task<IReadOnlyList<string>> EndAllAsync(string userType, string userId, string? exceptFamilyId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckUserType(userType, nameof(userType));
        now = LoginStoreRules.Millis(now);
        return database.WriteAsync<IReadOnlyList<string>>(async (connection, transaction, ct) =>
        {
            // Rows locked in id order, so two "log out everywhere" for one user queue up instead of deadlocking.
            await using var select = new NpgsqlCommand($"""
                SELECT {Columns} FROM login_families
                WHERE app = $4 AND {UserTypeIs(userType, "$5")} AND user_id = $1 AND ended_at IS NULL AND expires_at > $2
                    AND id IS DISTINCT FROM $3
                ORDER BY id FOR UPDATE;
                """, connection, transaction)
            {
                Parameters = { Text(userId), Time(now), Text(exceptFamilyId), Text(database.Application), Text(userType) },
            };
            var families = await ReadFamiliesAsync(select, ct).ConfigureAwait(false);
            await EndAsync(connection, transaction, families, now, ct).ConfigureAwait(false);
            return families.ConvertAll(f => f.Id);
        }, cancellationToken);
    }

    public Task TouchAsync(IReadOnlyCollection<LoginFamilyTouch> touches, CancellationToken cancellationToken)
    {
        var merged = LoginStoreRules.Merge(touches);
        if (merged.Count == 0)
        {
            return Task.CompletedTask;
        }

        var ids = new string[merged.Count];
        var seen = new DateTimeOffset[merged.Count];
        var expires = new DateTimeOffset?[merged.Count];
        for (var i = 0; i < merged.Count; i++)
        {
            (ids[i], seen[i], expires[i]) = merged[i];
        }

        // One statement for the whole batch; GREATEST ignores a NULL expiry, so that one keeps the stored value.
        return database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var update = new NpgsqlCommand("""
                UPDATE login_families AS f
                SET last_seen_at = GREATEST(f.last_seen_at, t.seen), expires_at = GREATEST(f.expires_at, t.expires)
                FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS t(id, seen, expires)
                WHERE f.id = t.id AND f.app = $4 AND f.ended_at IS NULL;
                """, connection, transaction)
            {
                Parameters = { new() { Value = ids }, new() { Value = seen }, new() { Value = expires }, Text(database.Application) },
            };
            return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<RememberTokenRotation> RotateRememberTokenAsync(string familyId, string presentedTokenId, string newTokenId,
        DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckId(newTokenId, nameof(newTokenId));
        now = LoginStoreRules.Millis(now);
        return database.WriteAsync(async (connection, transaction, ct) =>
        {
            // FOR UPDATE: parallel restores of one browser queue up here, so exactly one of them rotates.
            var family = await FindAsync(connection, transaction, familyId, forUpdate: true, ct).ConfigureAwait(false);
            var outcome = LoginStoreRules.Decide(family, presentedTokenId, now, grace);
            switch (outcome)
            {
                case RememberTokenRotationOutcome.Rotated:
                    await using (var update = new NpgsqlCommand("""
                        UPDATE login_families
                        SET previous_remember_token_id = remember_token_id, remember_token_id = $2, remember_rotated_at = $3
                        WHERE id = $1 AND app = $4;
                        """, connection, transaction)
                    {
                        Parameters = { Text(familyId), Text(newTokenId), Time(now), Text(database.Application) },
                    })
                    {
                        await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }

                    return new RememberTokenRotation(outcome, newTokenId, family! with
                    {
                        PreviousRememberTokenId = family.RememberTokenId, RememberTokenId = newTokenId, RememberRotatedAt = now,
                    });
                case RememberTokenRotationOutcome.ReplayWithinGrace:
                    return new RememberTokenRotation(outcome, family!.RememberTokenId, family);
                case RememberTokenRotationOutcome.Theft:
                    await EndAsync(connection, transaction, [family!], now, ct).ConfigureAwait(false);
                    return new RememberTokenRotation(outcome, null, family! with { EndedAt = now });
                default:
                    return new RememberTokenRotation(outcome, null, family);
            }
        }, cancellationToken);
    }

    public Task<LoginEndingsPage> GetEndedSinceAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        LoginStoreRules.CheckLimit(limit);
        return database.ReadAsync(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand("""
                SELECT id, expires_at, ended_seq, ended_at FROM login_families
                WHERE app = $3 AND ended_seq > $1 ORDER BY ended_seq LIMIT $2;
                """, connection)
            {
                Parameters = { new() { Value = cursor }, new() { Value = limit + 1L }, Text(database.Application) },
            };
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var endings = new List<LoginFamilyEnding>();
            var hasMore = false;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (endings.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                endings.Add(new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }

            return new LoginEndingsPage(endings, endings.Count > 0 ? endings[^1].Sequence : cursor, hasMore);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<LoginEndingNotice> WatchEndingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = new LoginEndingQueue();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = ListenAsync(queue, stop.Token);
        try
        {
            await foreach (var notice in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return notice;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task<int> PruneAsync(DateTimeOffset expiredBefore, DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var delete = new NpgsqlCommand(
                "DELETE FROM login_families WHERE app = $3 AND expires_at < $1 AND (ended_at IS NULL OR ended_at < $2);", connection, transaction)
            {
                Parameters = { Time(expiredBefore), Time(endedBefore), Text(database.Application) },
            };
            return await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Holds a LISTEN connection until cancelled: reports <see cref="LoginEndingNoticeKind.Connected"/> once listening,
    /// every NOTIFY as <see cref="LoginEndingNoticeKind.Ended"/>, and on any failure
    /// <see cref="LoginEndingNoticeKind.Disconnected"/>, then reconnects with exponential backoff and reports
    /// <see cref="LoginEndingNoticeKind.Reconnected"/> once it listens again (after LISTEN, so a catch-up then misses nothing).
    /// </summary>
    private async Task ListenAsync(LoginEndingQueue queue, CancellationToken cancellationToken)
    {
        var delay = ListenRetryDelay;
        var everConnected = false;
        var down = false;
        var attempts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ListenConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (EndedFamilyOf(e.Payload, database.Application) is { } familyId)
                    {
                        queue.Post(LoginEndingNotice.Ended(familyId));
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlLoginDatabase.EndingsChannel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                queue.Post(LoginEndingNotice.Of(everConnected ? LoginEndingNoticeKind.Reconnected : LoginEndingNoticeKind.Connected));
                if (down)
                {
                    LoginStoreLog.WatchReconnected(_logger, "PostgreSQL", attempts);
                }

                everConnected = true;
                down = false;
                attempts = 0;
                delay = ListenRetryDelay;
                while (true)
                {
                    if (!await connection.WaitAsync(ListenKeepAlive, cancellationToken).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Any failure, not only the transient ones: a listener that gave up would leave this instance accepting
                // ended logins. The first failure of an outage is reported and logged, the retries are not.
                attempts++;
                if (!down)
                {
                    LoginStoreLog.WatchDisconnected(_logger, "PostgreSQL", ex);
                    queue.Post(LoginEndingNotice.Of(LoginEndingNoticeKind.Disconnected));
                    down = true;
                }
            }

            await Task.Delay(delay, database.Time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, ListenRetryMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// Ends live families inside the caller's transaction, their rows already locked: takes the next sequence numbers
    /// (locking the counter row until commit), marks the rows, and queues one NOTIFY per family for the commit.
    /// </summary>
    private static async Task<int> EndAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<LoginFamily> families,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (families.Count == 0)
        {
            return 0;
        }

        long last;
        await using (var counter = new NpgsqlCommand(
            "UPDATE login_counters SET value = value + $1 WHERE name = 'ended' RETURNING value;", connection, transaction)
        {
            Parameters = { new() { Value = (long)families.Count } },
        })
        {
            last = (long)(await counter.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var ids = families.ConvertAll(f => f.Id).ToArray();
        var sequences = new long[ids.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            sequences[i] = last - sequences.Length + 1 + i;
        }

        await using var end = new NpgsqlCommand($"""
            WITH ended AS (
                UPDATE login_families AS f SET ended_at = $3, ended_seq = e.seq
                FROM unnest($1::text[], $2::bigint[]) AS e(id, seq) WHERE f.id = e.id
                RETURNING f.id, f.app
            )
            SELECT pg_notify('{PostgreSqlLoginDatabase.EndingsChannel}', id || chr(10) || app) FROM ended;
            """, connection, transaction)
        {
            Parameters = { new() { Value = ids }, new() { Value = sequences }, Time(now) },
        };
        await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ids.Length;
    }

    /// <summary>
    /// The family id a NOTIFY payload names when the ending is this application's (or comes from an older version of the
    /// code, which sends the id alone: taken, since a needless ending only refuses); <see langword="null"/> for another
    /// application's.
    /// </summary>
    internal static string? EndedFamilyOf(string payload, string application)
    {
        var newline = payload.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return payload;
        }

        return payload.AsSpan(newline + 1).SequenceEqual(application) ? payload[..newline] : null;
    }

    private async Task<LoginFamily?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string familyId,
        bool forUpdate, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            $"SELECT {Columns} FROM login_families WHERE id = $1 AND app = $2{(forUpdate ? " FOR UPDATE" : "")};", connection, transaction)
        {
            Parameters = { Text(familyId), Text(database.Application) },
        };
        var families = await ReadFamiliesAsync(select, cancellationToken).ConfigureAwait(false);
        return families.Count > 0 ? families[0] : null;
    }

    private static async Task<List<LoginFamily>> ReadFamiliesAsync(NpgsqlCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var families = new List<LoginFamily>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            families.Add(new LoginFamily
            {
                Id = reader.GetString(0),
                UserId = reader.GetString(1),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                LastSeenAt = reader.GetFieldValue<DateTimeOffset>(3),
                ExpiresAt = reader.GetFieldValue<DateTimeOffset>(4),
                Remembered = reader.GetBoolean(5),
                UserAgent = reader.IsDBNull(6) ? null : reader.GetString(6),
                IpAddress = reader.IsDBNull(7) ? null : reader.GetString(7),
                EndedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                RememberTokenId = reader.IsDBNull(9) ? null : reader.GetString(9),
                PreviousRememberTokenId = reader.IsDBNull(10) ? null : reader.GetString(10),
                RememberRotatedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                UserType = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return families;
    }

    /// <summary>
    /// The condition on <c>user_type</c> for <paramref name="userType"/> (bound as <paramref name="parameter"/>): the exact
    /// key, and for the app's only user type also rows without one (an instance of the previous version may write them
    /// until it stops; the next start gives them the key). Both are ranges of the (app, user_type, user_id) index.
    /// </summary>
    private string UserTypeIs(string userType, string parameter) =>
        string.Equals(userType, database.LegacyUserType, StringComparison.Ordinal)
            ? $"(user_type = {parameter} OR user_type IS NULL)"
            : $"user_type = {parameter}";

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset value) => new() { Value = LoginStoreRules.Millis(value), NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
