using Login.Diagnostics;
using Login.Sessions.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Login.Sessions;

/// <summary>
/// Keeps this instance's <see cref="EndedFamilies"/> in step with the session store, so that an ended login is refused
/// everywhere without a database round trip per request: it catches up on every ending before the app serves, then
/// follows the store's notifications (PostgreSQL's LISTEN/NOTIFY; in-process for the others), catches up again after
/// a reconnect, and polls once a second as a safety net and a heartbeat for staleness (in real time: the app's clock
/// is for cookie expiry, and may be a test's). It also writes the batched
/// last-seen times.
/// </summary>
internal sealed class LoginFamilySync(LoginService service, ILoginSessionStore store, IHostEnvironment? environment = null, LoginApplication? application = null)
    : IHostedService, IAsyncDisposable
{
    private const int PageSize = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private readonly Lock _startGate = new();
    private Task? _firstCatchUp;
    private Task? _watching;
    private Task? _polling;
    private long _cursor;
    private long _forgottenReported;
    private long _forgottenReportedAt = long.MinValue / 2;
    private int _disposed;

    private ILogger Logger => service.Logger;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is InMemoryLoginSessionStore && environment is { } env && !env.IsDevelopment())
        {
            LoginLog.InMemorySessionStore(Logger, env.EnvironmentName);
        }

        // A store other processes share needs a name this app chose: the default one is the same for two apps deployed
        // to one path. The in-memory store is this process's alone.
        if (store is not InMemoryLoginSessionStore && application is { IsExplicit: false })
        {
            LoginStoreLog.ApplicationNotNamed(Logger, application.Name);
        }

        await StartFirstCatchUp().WaitAsync(cancellationToken).ConfigureAwait(false);
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        _polling = Task.Run(() => PollAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _watching, _polling })
        {
            if (task is not null)
            {
                await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await FlushTouchesAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public ValueTask DisposeAsync()
    {
        // Once: the container holds this both as itself and as a hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Starts the first catch-up unless it has started: from <see cref="StartAsync"/>, or earlier, when the web host builds
    /// its pipeline (<see cref="Guards.LoginStartupCheck"/>), which is before it serves whatever order the host starts its
    /// services in. Until the catch-up completes, this instance knows no ending, so guards fail closed (503) for requests
    /// with a login rather than accept one that ended while the app was down.
    /// </summary>
    internal Task StartFirstCatchUp()
    {
        lock (_startGate)
        {
            if (_firstCatchUp is null)
            {
                service.Families.Ended.StartTracking();
                _firstCatchUp = FirstCatchUpAsync(_stopping.Token);
            }

            return _firstCatchUp;
        }
    }

    private async Task FirstCatchUpAsync(CancellationToken stopping)
    {
        await Task.Yield(); // never on the caller's thread: the web host may be building its pipeline
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        wait.CancelAfter(StartupWait);
        try
        {
            await CatchUpAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LoginStoreUnavailableException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            // Start anyway: guards answer 503 until the store is back, and the poll brings it back by itself.
            LoginLog.SessionStoreUnavailable(Logger, e);
        }
    }

    /// <summary>Reads every ending after the cursor; the set then holds every ending the store had when this began.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var startedAt = Environment.TickCount64;
        await _catchingUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LoginEndingsPage page;
            do
            {
                page = await store.GetEndedSinceAsync(_cursor, PageSize, cancellationToken).ConfigureAwait(false);
                foreach (var ending in page.Endings)
                {
                    service.Families.Ended.Add(ending.FamilyId, service.Families.KeepEndingUntil(ending), exact: true);
                }

                _cursor = page.Cursor;
            }
            while (page.HasMore);
        }
        finally
        {
            _catchingUp.Release();
        }

        service.Families.Ended.MarkSynced(startedAt);
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var notice in store.WatchEndingsAsync(stopping).ConfigureAwait(false))
                {
                    if (notice is { Kind: LoginEndingNoticeKind.Ended, FamilyId: { } familyId })
                    {
                        // Refused at once; the next catch-up replaces the cautious keep-until with one from the ending's own time.
                        service.Families.Ended.Add(familyId, service.Families.KeepEndingUntil(service.Time.GetUtcNow()));
                    }

                    // An ending itself needs no query: the next poll (within a second) brings its exact expiry, and with
                    // it every other instance's, instead of each instance asking once per ending.
                    if (notice.RequiresCatchUp)
                    {
                        await TryCatchUpAsync(stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LoginLog.SessionStoreUnavailable(Logger, e);
                await Task.Delay(PollInterval, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task PollAsync(CancellationToken stopping)
    {
        var lastTouch = Environment.TickCount64;
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(PollInterval, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            await TryCatchUpAsync(stopping).ConfigureAwait(false);
            ReportForgottenEndings();
            if (Environment.TickCount64 - lastTouch >= (long)TouchInterval.TotalMilliseconds)
            {
                lastTouch = Environment.TickCount64;
                await FlushTouchesAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Warns, at most once a minute, that endings were forgotten at the bound (and what is refused instead).</summary>
    private void ReportForgottenEndings()
    {
        var ended = service.Families.Ended;
        var forgotten = ended.Forgotten;
        if (forgotten > _forgottenReported && Environment.TickCount64 - _forgottenReportedAt >= 60_000
            && ended.RefusedIssuedUpTo is { } refusedUpTo)
        {
            LoginStoreLog.EndedLoginsForgotten(Logger, ended.MaxCount, forgotten - _forgottenReported, refusedUpTo);
            _forgottenReported = forgotten;
            _forgottenReportedAt = Environment.TickCount64;
        }
    }

    private async Task TryCatchUpAsync(CancellationToken stopping)
    {
        try
        {
            await CatchUpAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LoginLog.SessionStoreUnavailable(Logger, e);
        }
    }

    private async Task FlushTouchesAsync(CancellationToken cancellationToken)
    {
        var batch = service.Families.Touches.Take(service.Time.GetUtcNow());
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.TouchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LoginStoreUnavailableException or OperationCanceledException)
        {
            service.Families.Touches.Return(batch);
        }
    }
}
