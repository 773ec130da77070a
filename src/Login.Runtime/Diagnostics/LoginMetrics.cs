using System.Diagnostics.Metrics;

namespace Login.Diagnostics;

/// <summary>
/// Login's counters, on the meter named <c>Login</c> (listen with dotnet-counters, or OpenTelemetry's <c>AddMeter("Login")</c>).
/// Every instrument is a <see cref="Counter{T}"/> of <see cref="long"/> counting events one at a time; docs/observability.md
/// lists them with their units and tags.
/// </summary>
internal sealed class LoginMetrics
{
    public const string MeterName = "Login";

    public LoginMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Logins = meter.CreateCounter<long>("login.logins", "{login}", "Users logged in by LoginUserAsync.");
        Logouts = meter.CreateCounter<long>("login.logouts", "{logout}", "Users logged out by LogoutUserAsync.");
        Restored = meter.CreateCounter<long>("login.remember_restores", "{login}", "Logins restored from the remember cookie.");
        Challenges = meter.CreateCounter<long>(
            "login.challenges", "{request}", "Requests stopped by a guard, by reason (unauthorized, needs_refresh).");
        SessionsProtected = meter.CreateCounter<long>("login.sessions_protected", "{request}", "Sessions seen from another client.");
        RememberTokenThefts = meter.CreateCounter<long>(
            "login.remember_token_thefts", "{cookie}", "Remember cookies used again after they were replaced; each ended its login.");
        StoreUnavailable = meter.CreateCounter<long>(
            "login.store_unavailable", "{request}", "Guarded requests answered 503 because the session store was out of reach for too long.");
    }

    public Counter<long> Logins { get; }

    public Counter<long> Logouts { get; }

    public Counter<long> Restored { get; }

    public Counter<long> Challenges { get; }

    public Counter<long> SessionsProtected { get; }

    public Counter<long> RememberTokenThefts { get; }

    public Counter<long> StoreUnavailable { get; }
}
