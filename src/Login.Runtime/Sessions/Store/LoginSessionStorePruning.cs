using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Login.Sessions.Store;

/// <summary>
/// Deletes expired login families from a database store: at start (leftovers of the last run), then every
/// <see cref="Interval"/>. Families are kept for <see cref="Margin"/> past their expiry so an instance whose clock is
/// behind still hears of an ending while it could accept the family's cookies. A store that cannot be reached is
/// tried again at the next interval.
/// </summary>
internal sealed class LoginSessionStorePruning(ILoginSessionStore store, TimeProvider time, LoginService service, ILogger<LoginSessionStorePruning> logger)
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
                LoginStoreLog.Pruned(logger, await PruneOnceAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (LoginStoreUnavailableException ex)
            {
                LoginStoreLog.PruneFailed(logger, Interval, ex);
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes what no cookie can be presented for any more: families expired for <see cref="Margin"/>, except ended
    /// ones whose end is younger than the longest a cookie can live under the current options (a cookie issued just
    /// before the end may outlive the family's recorded expiry; see <see cref="LoginFamilyEnding"/>).
    /// </summary>
    internal Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Margin;
        return store.PruneAsync(before, before - service.Families.LongestCookieLife, cancellationToken);
    }
}
