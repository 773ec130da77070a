using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Login.Sessions.Store;

/// <summary>
/// Deletes expired login families from a database store: at start (leftovers of the last run), then every
/// <see cref="Interval"/>. Families are kept for <see cref="Margin"/> past their expiry so an instance whose clock is
/// behind still hears of an ending while it could accept the family's cookies. A store that cannot be reached is
/// tried again at the next interval.
/// </summary>
internal sealed class LoginSessionStorePruning(ILoginSessionStore store, TimeProvider time, ILogger<LoginSessionStorePruning> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pruned = await store.PruneAsync(time.GetUtcNow() - Margin, stoppingToken).ConfigureAwait(false);
                LoginStoreLog.Pruned(logger, pruned);
            }
            catch (LoginStoreUnavailableException ex)
            {
                LoginStoreLog.PruneFailed(logger, Interval, ex);
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
