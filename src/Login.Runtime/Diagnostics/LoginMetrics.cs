using System.Diagnostics.Metrics;

namespace Login.Diagnostics;

/// <summary>Login's counters, on the meter named <c>Login</c> (listen with dotnet-counters or OpenTelemetry).</summary>
internal sealed class LoginMetrics
{
    public const string MeterName = "Login";

    public LoginMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Logins = meter.CreateCounter<long>("login.logins", description: "Users logged in by LoginUserAsync.");
        Logouts = meter.CreateCounter<long>("login.logouts", description: "Users logged out by LogoutUserAsync.");
        Restored = meter.CreateCounter<long>("login.remember_restores", description: "Logins restored from the remember cookie.");
        Challenges = meter.CreateCounter<long>("login.challenges", description: "Requests stopped by a guard, by reason (unauthorized, needs_refresh).");
        SessionsProtected = meter.CreateCounter<long>("login.sessions_protected", description: "Sessions seen from another client.");
        RememberTokenThefts = meter.CreateCounter<long>(
            "login.remember_token_thefts", description: "Remember cookies used again after they were replaced; each ended its login.");
        StoreUnavailable = meter.CreateCounter<long>(
            "login.store_unavailable", description: "Guarded requests answered 503 because the session store was out of reach for too long.");
    }

    public Counter<long> Logins { get; }

    public Counter<long> Logouts { get; }

    public Counter<long> Restored { get; }

    public Counter<long> Challenges { get; }

    public Counter<long> SessionsProtected { get; }

    public Counter<long> RememberTokenThefts { get; }

    public Counter<long> StoreUnavailable { get; }
}
