using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Login.UserTypes.Tests;

/// <summary>What an app logged, every category and level, for tests that check a refusal was logged.</summary>
public sealed class AppLog : ILoggerProvider
{
    public ConcurrentQueue<(string Category, int Id, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The entries of Login's own logger ("Login"), one line each, for assertion messages.</summary>
    public string LoginEntries() =>
        string.Join('\n', Entries.Where(e => e.Category == "Login").Select(e => $"{e.Id} {e.Level}: {e.Message}"));

    public void Dispose()
    {
    }

    private sealed class Logger(AppLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Entries.Enqueue((category, eventId.Id, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
    }
}
