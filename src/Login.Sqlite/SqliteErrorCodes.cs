using Microsoft.Data.Sqlite;

namespace Login.Sqlite;

/// <summary>The SQLite result codes Login tells apart (sqlite.org/rescode.html).</summary>
internal static class SqliteErrorCodes
{
    public const int ConstraintPrimaryKey = 1555;

    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;

    /// <summary>Whether the file cannot be used now (locked, unreadable, unwritable), as opposed to a bug in a statement.</summary>
    public static bool MeansUnavailable(SqliteException exception) =>
        exception.SqliteErrorCode is Busy or Locked or ReadOnly or IoError or Full or CantOpen or Protocol;
}
