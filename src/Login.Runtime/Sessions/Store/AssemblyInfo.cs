using System.Runtime.CompilerServices;

// The store packages share the runtime's store helpers (the ending fan-out, the record rules) without making them
// public API; the store tests exercise the in-memory store and those helpers directly.
[assembly: InternalsVisibleTo("Login.Sqlite")]
[assembly: InternalsVisibleTo("Login.PostgreSql")]
[assembly: InternalsVisibleTo("Login.Stores.Tests")]
[assembly: InternalsVisibleTo("Login.Stores.Benchmarks")]
// The load test's minting process gives its in-memory store room for a million records.
[assembly: InternalsVisibleTo("Login.LoadTest")]
