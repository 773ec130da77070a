using Npgsql;

namespace Login.PostgreSql;

/// <summary>Which PostgreSQL failures mean "the store cannot be used now", as opposed to a bug in a statement.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>
    /// A broken or refused connection or a timeout (Npgsql's own <see cref="NpgsqlException.IsTransient"/>, and any
    /// client-side failure), and the server states that pass: a read-only server after a failover (25006), connection
    /// and resource problems, an administrator's shutdown, a lock not available, a serialization failure, corruption
    /// (SQLSTATE classes 08, 40, 53, 55, 57, 58, XX).
    /// </summary>
    public static bool MeansUnavailable(NpgsqlException exception)
    {
        if (exception.IsTransient || exception is not PostgresException server)
        {
            return true;
        }

        var state = server.SqlState;
        return state == PostgresErrorCodes.ReadOnlySqlTransaction
            || state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("40", StringComparison.Ordinal)
            || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("55", StringComparison.Ordinal)
            || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("58", StringComparison.Ordinal)
            || state.StartsWith("XX", StringComparison.Ordinal);
    }
}
