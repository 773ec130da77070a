using System.Diagnostics;
using System.Globalization;
using Login.Sessions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Login.Diagnostics;

/// <summary>
/// Whether this instance can rely on Login's session store: the store answers a query now, and this instance's
/// knowledge of ended logins is no older than <see cref="LoginOptions.SessionStoreMaxStaleness"/>. Either failing means
/// logins fail and guarded requests with a login are (or are about to be) answered 503. Added by
/// <c>AddHealthChecks().AddLoginSessionStore()</c>.
/// </summary>
internal sealed class LoginSessionStoreHealthCheck(LoginService service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var families = service.Families;
        var maxStaleness = service.Options.SessionStoreMaxStaleness;
        var data = new Dictionary<string, object>
        {
            ["store"] = families.Store.GetType().Name,
            ["ended_logins_known"] = families.Ended.Count,
            ["max_staleness_seconds"] = maxStaleness.TotalSeconds,
        };

        var started = Stopwatch.GetTimestamp();
        try
        {
            // The cheapest question every store answers: the endings after the last possible sequence number (none).
            await families.Store.GetEndedSinceAsync(long.MaxValue, 1, cancellationToken).ConfigureAwait(false);
        }
        catch (LoginStoreUnavailableException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Login's session store cannot be reached: logins and logouts fail, and guarded requests with a login are " +
                $"answered 503 once this instance has not heard from it for {Seconds(maxStaleness)}.", e, data);
        }

        data["store_response_ms"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        var syncedAgo = families.Ended.SyncedAgo;
        if (syncedAgo is { } ago)
        {
            data["synced_seconds_ago"] = Math.Round(ago.TotalSeconds, 1);
        }

        if (families.IsStale)
        {
            var since = syncedAgo is { } behind ? $"for {Seconds(behind)}" : "since it started";
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The session store answers, but this instance has not caught up with its ended logins {since} (the limit is " +
                $"{Seconds(maxStaleness)}): guarded requests with a login are answered 503 until it does.", data: data);
        }

        return HealthCheckResult.Healthy(families.Ended.IsTracked
            ? $"The session store answers; this instance knew every ended login {Seconds(syncedAgo ?? TimeSpan.Zero)} ago."
            : "The session store answers; nothing keeps this instance in step with it (the host has not started Login's hosted service).",
            data);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
