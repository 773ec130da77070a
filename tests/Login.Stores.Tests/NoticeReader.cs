using System.Diagnostics;
using System.Threading.Channels;
using Xunit;

namespace Login.Stores.Tests;

/// <summary>Reads a store's <see cref="ILoginSessionStore.WatchEndingsAsync"/> in the background, as an instance's listener would.</summary>
public sealed class NoticeReader : IAsyncDisposable
{
    private readonly Channel<(LoginEndingNotice Notice, long At)> _notices = Channel.CreateUnbounded<(LoginEndingNotice, long)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _timeout;
    private Task _reading = Task.CompletedTask;

    private NoticeReader(TimeSpan timeout) => _timeout = timeout;

    /// <summary>Every notice read so far, in order, with its <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public List<LoginEndingNotice> Seen { get; } = [];

    /// <summary>Starts reading and waits for <see cref="LoginEndingNoticeKind.Connected"/>, so what happens next is reported.</summary>
    public static async Task<NoticeReader> StartAsync(ILoginSessionStore store, TimeSpan timeout)
    {
        var reader = new NoticeReader(timeout);
        reader._reading = Task.Run(async () =>
        {
            await foreach (var notice in store.WatchEndingsAsync(reader._stop.Token))
            {
                reader._notices.Writer.TryWrite((notice, Stopwatch.GetTimestamp()));
            }
        });
        await reader.NextAsync(LoginEndingNoticeKind.Connected);
        return reader;
    }

    /// <summary>Waits for the next notice of <paramref name="kind"/>, failing on timeout; returns when it arrived.</summary>
    public async Task<long> NextAsync(LoginEndingNoticeKind kind)
    {
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            while (true)
            {
                var (notice, at) = await _notices.Reader.ReadAsync(timeout.Token);
                Seen.Add(notice);
                if (notice.Kind == kind)
                {
                    return at;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"No {kind} notice within {_timeout}; seen: {string.Join(", ", Seen)}; reader: {_reading.Status} {_reading.Exception?.GetBaseException().Message}");
            throw;
        }
    }

    /// <summary>Waits until <paramref name="count"/> different families were reported ended; returns them in order heard.</summary>
    public async Task<List<string>> EndedAsync(int count)
    {
        var ended = new List<string>();
        while (ended.Count < count)
        {
            await NextAsync(LoginEndingNoticeKind.Ended);
            var id = Seen[^1].FamilyId!;
            if (!ended.Contains(id))
            {
                ended.Add(id);
            }
        }

        return ended;
    }

    /// <summary>Waits for the ending of <paramref name="familyId"/>; returns when it arrived.</summary>
    public async Task<long> EndedAsync(string familyId)
    {
        while (true)
        {
            var at = await NextAsync(LoginEndingNoticeKind.Ended);
            if (Seen[^1].FamilyId == familyId)
            {
                return at;
            }
        }
    }

    /// <summary>Notices that arrived and are not read yet.</summary>
    public List<LoginEndingNotice> Drain()
    {
        var drained = new List<LoginEndingNotice>();
        while (_notices.Reader.TryRead(out var item))
        {
            Seen.Add(item.Notice);
            drained.Add(item.Notice);
        }

        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
