using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Login.Sessions.Store;

/// <summary>
/// Keeps <see cref="EndedLoginFamilies"/> current from the store, so the hot path never asks the database: reads
/// <see cref="ILoginSessionStore.WatchEndingsAsync"/>, catches up with <see cref="ILoginSessionStore.GetEndedSinceAsync"/>
/// whenever a notice asks for it (the first connection, a reconnection, a reader that fell behind), and again every
/// <see cref="PollInterval"/> as a safety net for a notification that never came.
/// </summary>
/// <remarks>
/// A notice names the family but not its expiry, so an ending heard by notice is kept for
/// <see cref="ExpiryUnknownFor"/> until the next catch-up replaces that with the family's real expiry. A lost store
/// marks the copy stale (<see cref="EndedLoginFamilies.StaleSince"/>); the catch-up after the store's
/// <see cref="LoginEndingNoticeKind.Reconnected"/> makes it current again.
/// </remarks>
internal sealed partial class LoginEndingsFollower(
    ILoginSessionStore store, EndedLoginFamilies ended, TimeProvider time, ILogger<LoginEndingsFollower> logger) : BackgroundService
{
    private const int PageSize = 1000;

    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private long _cursor;
    private volatile bool _listening;

    /// <summary>How often to catch up even when no notice asks for it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to keep an ending heard by notice before a catch-up tells its family's expiry: the longest login Login issues.</summary>
    public TimeSpan ExpiryUnknownFor { get; init; } = TimeSpan.FromDays(366);

    /// <summary>How long to wait before watching again when the watch itself fails (not a store outage, which the store rides out).</summary>
    public TimeSpan RewatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The last ending sequence read.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var polling = PollAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await foreach (var notice in store.WatchEndingsAsync(stoppingToken).ConfigureAwait(false))
                    {
                        await OnNoticeAsync(notice, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _listening = false;
                    ended.MarkStale(time.GetUtcNow());
                    WatchFailed(logger, ex);
                    await Task.Delay(RewatchDelay, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await polling.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads every ending after <see cref="Cursor"/>; returns whether the store answered.</summary>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUpGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var startedAt = time.GetUtcNow();
            var listening = _listening;
            LoginEndingsPage page;
            do
            {
                page = await store.GetEndedSinceAsync(Cursor, PageSize, cancellationToken).ConfigureAwait(false);
                foreach (var ending in page.Endings)
                {
                    ended.Set(ending.FamilyId, ending.ExpiresAt);
                }

                Interlocked.Exchange(ref _cursor, page.Cursor);
            }
            while (page.HasMore);

            // Listening since before this catch-up started (and still now): nothing can have been missed in between.
            ended.MarkCaughtUp(startedAt, listening && _listening);
            ended.Sweep();
            return true;
        }
        catch (LoginStoreUnavailableException ex)
        {
            ended.MarkStale(time.GetUtcNow());
            CatchUpFailed(logger, ex);
            return false;
        }
        finally
        {
            _catchUpGate.Release();
        }
    }

    private async Task OnNoticeAsync(LoginEndingNotice notice, CancellationToken cancellationToken)
    {
        switch (notice.Kind)
        {
            case LoginEndingNoticeKind.Ended:
                ended.Add(notice.FamilyId!, time.GetUtcNow() + ExpiryUnknownFor);
                break;
            case LoginEndingNoticeKind.Disconnected:
                _listening = false;
                ended.MarkStale(time.GetUtcNow());
                break;
            case LoginEndingNoticeKind.Connected or LoginEndingNoticeKind.Reconnected:
                _listening = true;
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(45, LogLevel.Warning, "Watching the session store for ended logins failed; watching again.")]
    private static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(46, LogLevel.Warning, "Could not catch up on ended logins; this instance's copy is stale until the store answers.")]
    private static partial void CatchUpFailed(ILogger logger, Exception exception);
}
