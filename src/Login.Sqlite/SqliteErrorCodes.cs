using Microsoft.Data.Sqlite;

namespace Login.Sqlite;

/// <summary>The SQLite result codes Login tells apart (sqlite.org/rescode.html).</summary>
internal static class SqliteErrorCodes
{
    public const int ConstraintPrimaryKey = 1555;

    private const int Error = 1;
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int NoMem = 7;
    private const int Interrupt = 9;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int NotADb = 26;

    /// <summary>
    /// Whether the file cannot be used now: locked, unreadable, unwritable, full, corrupt, not a database, or replaced
    /// by one without Login's tables (SQLITE_ERROR: "no such table"). Every failure of the store's own statements is one
    /// of these; answering them 503 rather than 500 keeps a broken file from looking like a broken app.
    /// </summary>
    public static bool MeansUnavailable(SqliteException exception) =>
        exception.SqliteErrorCode is Error or Perm or Busy or Locked or ReadOnly or NoMem or Interrupt or IoError or Corrupt or Full
            or CantOpen or Protocol or NotADb;
}
