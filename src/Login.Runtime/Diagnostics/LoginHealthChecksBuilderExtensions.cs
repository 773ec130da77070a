using Login.Diagnostics;
using Login.Sessions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Login's health checks, for ASP.NET Core's health checks (<c>services.AddHealthChecks()</c>).</summary>
public static class LoginHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks Login's session store (in memory, <c>Login.Sqlite</c>, <c>Login.PostgreSql</c> or your own): Healthy
    /// when the store answers a query and this instance's knowledge of ended logins is no older than
    /// <see cref="Login.LoginOptions.SessionStoreMaxStaleness"/>; <paramref name="failureStatus"/> when the store cannot
    /// be reached (logins and logouts fail) or this instance is stale (guarded requests with a login are answered 503).
    /// The result's data says which store, how long it took to answer, how long ago this instance caught up, and how
    /// many ended logins it knows of.
    /// </summary>
    /// <param name="builder">What <c>AddHealthChecks()</c> returned.</param>
    /// <param name="name">The check's name in the report.</param>
    /// <param name="failureStatus">What to report when the check fails; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (a readiness probe's, say).</param>
    /// <param name="timeout">How long to wait for the store before the check fails; default no limit.</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    /// <example><code>
    /// builder.Services.AddHealthChecks().AddLoginSessionStore();
    /// app.MapHealthChecks("/healthz");
    /// </code></example>
    public static IHealthChecksBuilder AddLoginSessionStore(this IHealthChecksBuilder builder, string name = "login_session_store",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, static services => new LoginSessionStoreHealthCheck(
            services.GetService<LoginService>() ?? throw new InvalidOperationException(
                "The Login session store health check needs Login's services: call builder.Services.AddLogin(...) too.")),
            failureStatus, tags, timeout));
    }
}
